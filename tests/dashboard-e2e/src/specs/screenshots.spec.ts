import { fileURLToPath } from "node:url";
import { expect, test } from "../fixture/test";

const docs = (name: string) => fileURLToPath(new URL(`../../../../docs/${name}`, import.meta.url));

// Writes the README's screenshots, only on request (the postgres project ignores this file).
if (process.env.UPDATE_SCREENSHOTS === "1") {
  test("screenshots: runs list and run page", async ({ page, env }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${env.urls.main}/?field=metadata.suite&value=view`);
    await expect(page.getByTestId("run-row")).toHaveCount(11);
    await page.screenshot({ path: docs("dashboard-runs.png") });
    await page.goto(`${env.urls.main}/runs/${env.runs.view.failed}`);
    await expect(page.getByTestId("stage-panel").first()).toBeVisible();
    await page.screenshot({ path: docs("dashboard-run.png"), fullPage: true });
  });
}
