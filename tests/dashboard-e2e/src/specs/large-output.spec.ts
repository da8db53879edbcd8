import { readFile } from "node:fs/promises";
import { expect, test } from "../fixture/test";
import { EXPORT_ROWS, LEAKED_KEY } from "../fixture/workflows";
import { stagePanel } from "../support/ui";

test("a large output is cut with a Download link to the full JSON", async ({ page, env }) => {
  await page.goto(`${env.urls.main}/runs/${env.runs.exported}`);
  await expect(page.getByTestId("run-status")).toHaveText("COMPLETED");
  const panel = stagePanel(page, "generate");
  const link = panel.getByRole("link", { name: /Download/ });
  await expect(link.first()).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), link.first().click()]);
  const path = await download.path();
  const full = JSON.parse(await readFile(path, "utf8")) as { rows: unknown[] };
  expect(full.rows).toHaveLength(EXPORT_ROWS);
  expect(download.suggestedFilename()).toContain(env.runs.exported);
});

test("a secret the stage logged is shown redacted, never in clear", async ({ page, env }) => {
  await page.goto(`${env.urls.main}/runs/${env.runs.exported}`);
  const panel = stagePanel(page, "generate");
  await expect(panel).toContainText("calling the export API with key");
  // Open every collapsed part (logs, events) so nothing stays out of the page's text.
  await page.evaluate(() => {
    for (const details of document.querySelectorAll("details")) details.open = true;
  });
  await expect(panel).toContainText("[redacted]");
  expect(await page.content()).not.toContain(LEAKED_KEY);
  const api = await page.request.get(`${env.urls.main}/api/runs/${env.runs.exported}`);
  expect(await api.text()).not.toContain(LEAKED_KEY);
});
