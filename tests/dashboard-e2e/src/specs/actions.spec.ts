import { expect, test } from "../fixture/test";
import { confirmDialog, confirmIfAsked, runRow, runsUrl, stagePanel } from "../support/ui";

async function runStatus(
  env: { sf: { runs: { get(id: string): Promise<{ status(): Promise<string> }> } } },
  id: string,
) {
  return (await env.sf.runs.get(id)).status();
}

test.describe("actions", () => {
  test("cancelling a running run turns it CANCELLED without a reload", async ({ page, env }) => {
    const id = env.runs.cancelOne;
    await page.goto(`${env.urls.main}/runs/${id}`);
    await expect(page.getByTestId("run-status")).toHaveText("RUNNING");
    await page.getByRole("button", { name: "Cancel run" }).click();
    await confirmIfAsked(
      page,
      async () => (await page.getByTestId("run-status").textContent()) === "CANCELLED",
    );
    await expect(page.getByTestId("run-status")).toHaveText("CANCELLED");
    expect(await runStatus(env, id)).toBe("CANCELLED");
    await expect(page.getByRole("button", { name: "Cancel run" })).toHaveCount(0);
  });

  test("rerunning a failed run from a stage, once fixed, completes live", async ({ page, env }) => {
    const id = env.runs.rerun;
    await page.goto(`${env.urls.main}/runs/${id}`);
    await expect(page.getByTestId("run-status")).toHaveText("FAILED");
    env.controls.fixed.add(id);
    await page.getByRole("button", { name: "Rerun from stage" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Stage").selectOption("transform");
    await confirmDialog(page);
    await expect(page.getByTestId("run-status")).toHaveText("COMPLETED");
    await expect(stagePanel(page, "publish")).toContainText("COMPLETED");
    expect(await runStatus(env, id)).toBe("COMPLETED");
    // load was kept (before the rerun stage), transform ran again and published 10 rows.
    const detail = await env.sf.kernel.query.getRunDetail(id);
    expect(detail?.run.output).toEqual({ rows: 10 });
  });

  test("retrying a failed run reruns its failed stage and completes live", async ({
    page,
    env,
  }) => {
    const id = env.runs.retryOne;
    await page.goto(`${env.urls.main}/runs/${id}`);
    await expect(page.getByTestId("run-status")).toHaveText("FAILED");
    env.controls.fixed.add(id);
    await page.getByRole("button", { name: "Retry run" }).click();
    await confirmIfAsked(
      page,
      async () => (await page.getByTestId("run-status").textContent()) !== "FAILED",
    );
    await expect(page.getByTestId("run-status")).toHaveText("COMPLETED");
    // transform ran a third time (two failed attempts before the retry): its bars say so.
    const bars = page.locator('[data-testid="timeline-bar"][data-stage-id="transform"]');
    await expect(bars.last()).toHaveAttribute("data-outcome", "completed");
    expect((await env.sf.kernel.query.getRunDetail(id))?.run.output).toEqual({ rows: 12 });
  });

  test("bulk cancel by filter confirms the matching count first", async ({ page, env }) => {
    const ids = env.runs.bulkCancel;
    await page.goto(runsUrl(env.urls.main, { field: "metadata.purpose", value: "bulk-cancel" }));
    for (const id of ids) await expect(runRow(page, id)).toHaveAttribute("data-status", "RUNNING");
    await page.getByRole("button", { name: "Cancel all matching" }).click();
    await expect(page.getByRole("dialog").getByTestId("confirm-count")).toContainText(
      String(ids.length),
    );
    await confirmDialog(page);
    for (const id of ids)
      await expect(runRow(page, id)).toHaveAttribute("data-status", "CANCELLED");
    for (const id of ids) expect(await runStatus(env, id)).toBe("CANCELLED");
  });

  test("bulk retry of a selection reruns the failed runs, which complete live", async ({
    page,
    env,
  }) => {
    const ids = env.runs.bulkRetry;
    await page.goto(runsUrl(env.urls.main, { field: "metadata.purpose", value: "bulk-retry" }));
    for (const id of ids) await expect(runRow(page, id)).toHaveAttribute("data-status", "FAILED");
    for (const id of ids) env.controls.fixed.add(id);
    for (const id of ids) await page.getByLabel(`Select run ${id}`).check();
    await page.getByRole("button", { name: "Retry selected" }).click();
    const dialog = page.getByRole("dialog");
    const retried = async () =>
      (await runRow(page, ids[0] as string).getAttribute("data-status")) !== "FAILED";
    await expect.poll(async () => (await dialog.count()) > 0 || (await retried())).toBe(true);
    if ((await dialog.count()) > 0) {
      await expect(dialog.getByTestId("confirm-count")).toContainText(String(ids.length));
      await confirmDialog(page);
    }
    for (const id of ids)
      await expect(runRow(page, id)).toHaveAttribute("data-status", "COMPLETED");
    for (const id of ids) expect(await runStatus(env, id)).toBe("COMPLETED");
  });
});
