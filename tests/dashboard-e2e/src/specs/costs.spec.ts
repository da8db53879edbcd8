import { expect, test } from "../fixture/test";

test("costs: a chart, and per workflow the calls and tokens the database holds", async ({
  page,
  env,
}) => {
  // What the kernel counts for the default range (the last 30 days): every summarize run made
  // one call, dated when it ran (the old runs ran at seeding time too).
  const rows = await env.sf.kernel.query.costsByDay({
    from: new Date(Date.now() - 30 * 86_400_000),
    to: new Date(Date.now() + 86_400_000),
    workflowId: "summarize",
  });
  const calls = rows.reduce((sum, row) => sum + row.calls, 0);
  const input = rows.reduce((sum, row) => sum + row.inputTokens, 0);
  const output = rows.reduce((sum, row) => sum + row.outputTokens, 0);
  expect(calls).toBeGreaterThan(0);

  await page.goto(env.urls.main);
  await page.getByRole("link", { name: "Costs" }).click();
  await expect(page).toHaveURL(/\/costs/);
  await expect(page.getByTestId("costs-chart")).toBeVisible();
  const table = page.getByTestId("costs-table");
  const summarize = table
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: "summarize", exact: true }) });
  await expect(summarize).toHaveCount(1);
  const cells = summarize.getByRole("cell");
  await expect(cells.nth(0)).toHaveText(String(calls));
  await expect(cells.nth(1)).toHaveText(String(input));
  await expect(cells.nth(2)).toHaveText(String(output));
  await expect(cells.nth(3)).toContainText("$");
});
