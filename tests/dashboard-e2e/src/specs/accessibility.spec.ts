import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "../fixture/test";

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
    }));
}

test.describe("accessibility (axe): no serious or critical violation", () => {
  test("runs list", async ({ page, env }) => {
    await page.goto(`${env.urls.main}/`);
    await expect(page.getByTestId("run-row").first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("run page", async ({ page, env }) => {
    await page.goto(`${env.urls.main}/runs/${env.runs.view.failed}`);
    await expect(page.getByTestId("stage-panel").first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("run page of a suspended run", async ({ page, env }) => {
    await page.goto(`${env.urls.main}/runs/${env.runs.view.suspended}`);
    await expect(page.getByTestId("stage-panel").first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("dead letters", async ({ page, env }) => {
    await page.goto(`${env.urls.main}/dlq`);
    await expect(page.getByTestId("dlq-table")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("costs", async ({ page, env }) => {
    await page.goto(`${env.urls.main}/costs`);
    await expect(page.getByTestId("costs-table")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
