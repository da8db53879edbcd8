import { expect, test } from "../fixture/test";
import {
  applyFilters,
  expectRowIds,
  rowIds,
  runRow,
  runRows,
  runsUrl,
  setFilter,
  statusCount,
} from "../support/ui";

const VIEW = { field: "metadata.suite", value: "view" };

test.describe("runs list", () => {
  test("shows the seeded runs newest first, with their statuses and counts", async ({
    page,
    env,
  }) => {
    const { view } = env.runs;
    await page.goto(runsUrl(env.urls.main, VIEW));
    const all = [
      ...view.old,
      ...view.completed,
      view.failed,
      view.running,
      view.suspended,
      view.cancelled,
      ...view.pending,
    ];
    await expectRowIds(page, all);
    // Newest first: the last PENDING run on top, the runs created three days ago at the bottom.
    const ids = await rowIds(page);
    expect(ids[0]).toBe(view.pending[1]);
    expect(ids.slice(-2).sort()).toEqual([...view.old].sort());

    const expected: Record<string, readonly string[]> = {
      PENDING: view.pending,
      RUNNING: [view.running, view.suspended],
      COMPLETED: [...view.old, ...view.completed],
      FAILED: [view.failed],
      CANCELLED: [view.cancelled],
    };
    for (const [status, runIds] of Object.entries(expected)) {
      for (const id of runIds)
        await expect(runRow(page, id)).toHaveAttribute("data-status", status);
      await expect.poll(() => statusCount(page, status), { message: status }).toBe(runIds.length);
    }
  });

  test("filters by status, and the URL keeps the filter across a reload", async ({ page, env }) => {
    await page.goto(runsUrl(env.urls.main, VIEW));
    await expect(runRows(page).first()).toBeVisible();
    await setFilter(page, "Status", "FAILED");
    await applyFilters(page);
    await expect(page).toHaveURL(/[?&]status=FAILED(&|$)/);
    await expectRowIds(page, [env.runs.view.failed]);
    await page.reload();
    await expectRowIds(page, [env.runs.view.failed]);
  });

  test("filters by several statuses given in the URL", async ({ page, env }) => {
    const { view } = env.runs;
    await page.goto(runsUrl(env.urls.main, { ...VIEW, status: "PENDING,CANCELLED" }));
    await expectRowIds(page, [...view.pending, view.cancelled]);
  });

  test("filters by workflow", async ({ page, env }) => {
    const { view } = env.runs;
    await page.goto(runsUrl(env.urls.main, VIEW));
    await expect(runRows(page).first()).toBeVisible();
    await setFilter(page, "Workflow", "hold");
    await applyFilters(page);
    await expect(page).toHaveURL(/[?&]workflow=hold(&|$)/);
    await expectRowIds(page, [view.running, view.cancelled]);
  });

  test("filters by time range", async ({ page, env }) => {
    const { view } = env.runs;
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    twoDaysAgo.setSeconds(0, 0);
    await page.goto(runsUrl(env.urls.main, VIEW));
    await expect(runRows(page).first()).toBeVisible();
    await setFilter(page, "To", twoDaysAgo.toISOString());
    await applyFilters(page);
    await expect(page).toHaveURL(/[?&]to=/);
    await expectRowIds(page, view.old);

    await page.goto(runsUrl(env.urls.main, { ...VIEW, from: twoDaysAgo.toISOString() }));
    await expect(runRows(page)).toHaveCount(9);
    for (const id of view.old) await expect(runRow(page, id)).toHaveCount(0);
  });

  test("filters by run id prefix", async ({ page, env }) => {
    const id = env.runs.view.failed;
    await page.goto(runsUrl(env.urls.main));
    await expect(runRows(page).first()).toBeVisible();
    await setFilter(page, "Run id", id.slice(0, 24));
    await applyFilters(page);
    await expect(page).toHaveURL(new RegExp(`[?&]q=${id.slice(0, 24)}(&|$)`));
    await expectRowIds(page, [id]);
  });

  test("filters by a metadata field and an input field, kept across a reload", async ({
    page,
    env,
  }) => {
    const { view } = env.runs;
    await page.goto(runsUrl(env.urls.main));
    await expect(runRows(page).first()).toBeVisible();
    await setFilter(page, "Field", "metadata.customer");
    await setFilter(page, "Value", "acme");
    await applyFilters(page);
    await expect(page).toHaveURL(/[?&]field=metadata\.customer(&|$)/);
    await expect(page).toHaveURL(/[?&]value=acme(&|$)/);
    const acme = [view.completed[0], view.completed[1], view.pending[0]] as string[];
    await expectRowIds(page, acme);
    await page.reload();
    await expectRowIds(page, acme);
    await expect(page.getByLabel("Field", { exact: true }).first()).toHaveValue(
      "metadata.customer",
    );
    await expect(page.getByLabel("Value", { exact: true }).first()).toHaveValue("acme");

    await page.goto(runsUrl(env.urls.main, { field: "input.lang", value: "fr" }));
    await expectRowIds(page, [view.completed[1] as string]);
  });

  test("a run created now appears without a reload", async ({ page, env }) => {
    const filter = { field: "metadata.suite", value: `live-${env.kind}` };
    await page.goto(runsUrl(env.urls.main, filter));
    await expect(page.getByTestId("runs-table")).toBeVisible();
    await expect(runRows(page)).toHaveCount(0);
    const run = await env.sf.run(
      env.workflows.summarize,
      { title: "Live", lang: "en", text: "Appears live." },
      { metadata: { suite: `live-${env.kind}` } },
    );
    await expect(runRow(page, run.id)).toBeVisible();
    await expect(runRow(page, run.id)).toHaveAttribute("data-status", "PENDING");
  });

  test("Load more fetches the next page", async ({ page, env }) => {
    await page.goto(runsUrl(env.urls.main, { field: "metadata.suite", value: "paging" }));
    await expect(runRows(page)).toHaveCount(50);
    await page.getByRole("button", { name: "Load more" }).click();
    await expectRowIds(page, env.runs.paging);
    await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);
  });
});
