import { expect, test } from "../fixture/test";

test("costs: a chart and a table with the summarize workflow's tokens", async ({ page, env }) => {
  await page.goto(env.urls.main);
  await page.getByRole("link", { name: "Costs" }).click();
  await expect(page).toHaveURL(/\/costs/);
  await expect(page.getByTestId("costs-chart")).toBeVisible();
  const table = page.getByTestId("costs-table");
  await expect(table).toContainText("summarize");
  // Every summarize run of the last 30 days made one call (the old runs' calls are dated now).
  const rows = await env.sf.kernel.query.costsByDay({
    from: new Date(Date.now() - 30 * 86_400_000),
    to: new Date(Date.now() + 86_400_000),
    workflowId: "summarize",
  });
  const calls = rows.reduce((sum, row) => sum + row.calls, 0);
  expect(calls).toBeGreaterThan(0);
  const tokens = rows.reduce((sum, row) => sum + row.inputTokens + row.outputTokens, 0);
  await expect(table).toContainText(String(calls));
  expect(tokens).toBeGreaterThan(0);
});
