import { expect, test } from "../fixture/test";
import { AI_MODEL, TRANSFORM_ERROR_CODE } from "../fixture/workflows";
import { stagePanel } from "../support/ui";

test.describe("run page", () => {
  test("a failed run: a bar per attempt, the error's code, message and stack", async ({
    page,
    env,
  }) => {
    const id = env.runs.view.failed;
    await page.goto(`${env.urls.main}/runs/${id}`);
    await expect(page.getByTestId("run-status")).toHaveText("FAILED");

    const timeline = page.getByTestId("timeline");
    const transformBars = timeline.locator(
      '[data-testid="timeline-bar"][data-stage-id="transform"]',
    );
    await expect(transformBars).toHaveCount(2);
    await expect(transformBars.nth(0)).toHaveAttribute("data-attempt", "1");
    await expect(transformBars.nth(1)).toHaveAttribute("data-attempt", "2");
    for (const bar of await transformBars.all())
      await expect(bar).toHaveAttribute("data-outcome", "failed");
    const loadBars = timeline.locator('[data-testid="timeline-bar"][data-stage-id="load"]');
    await expect(loadBars).toHaveCount(1);
    await expect(loadBars).toHaveAttribute("data-outcome", "completed");
    // publish never started: no bar.
    await expect(
      timeline.locator('[data-testid="timeline-bar"][data-stage-id="publish"]'),
    ).toHaveCount(0);

    const transform = stagePanel(page, "transform");
    await expect(transform).toContainText("FAILED");
    await expect(transform).toContainText(TRANSFORM_ERROR_CODE);
    await expect(transform).toContainText("column 'amount' is missing from the upstream rows");
    // The stored stack (first frame under the message) is rendered.
    const detail = await env.sf.kernel.query.getRunDetail(id);
    const stack = detail?.stages.find((s) => s.stageId === "transform")?.attempts[0]?.error?.stack;
    expect(stack, "the engine stores a stack").toBeTruthy();
    const frame = (stack ?? "")
      .split("\n")
      .find((line) => line.trim().startsWith("at "))
      ?.trim();
    expect(frame).toBeTruthy();
    await expect(transform).toContainText(frame as string);

    // The load stage's input and output as JSON views.
    const load = stagePanel(page, "load");
    await expect(load).toContainText("COMPLETED");
    // Input and output JSON views: { rows: 3 } each.
    await expect(load).toContainText(/Input[\s\S]*rows: 3[\s\S]*Output[\s\S]*rows: 3/);
  });

  test("a completed run: input and output JSON, logs, AI calls with model, tokens and cost, totals", async ({
    page,
    env,
  }) => {
    const id = env.runs.view.completed[0] as string;
    const detail = await env.sf.kernel.query.getRunDetail(id);
    const call = detail?.aiCalls[0];
    expect(call, "the summarize stage recorded an AI call").toBeTruthy();
    expect(call?.cost ?? 0).toBeGreaterThan(0);
    await page.goto(`${env.urls.main}/runs/${id}`);
    await expect(page.getByTestId("run-status")).toHaveText("COMPLETED");
    await expect(page.getByTestId("timeline").getByTestId("timeline-bar")).toHaveCount(2);

    const fetch = stagePanel(page, "fetch");
    await expect(fetch).toContainText("Invoice 1");
    await expect(fetch).toContainText("fetched document");

    const summarize = stagePanel(page, "summarize");
    await expect(summarize).toContainText(AI_MODEL);
    await expect(summarize).toContainText(String(call?.inputTokens));
    await expect(summarize).toContainText(String(call?.outputTokens));
    await expect(summarize).toContainText("$");
    await expect(summarize).toContainText(/summary: "[^"]+"/);

    const totals = page.getByTestId("run-totals");
    await expect(totals).toContainText(
      String((call?.inputTokens ?? 0) + (call?.outputTokens ?? 0)),
    );
  });

  test("a suspended batch stage: provider, batch id, and its idle time compressed", async ({
    page,
    env,
  }) => {
    const id = env.runs.view.suspended;
    await page.goto(`${env.urls.main}/runs/${id}`);
    await expect(page.getByTestId("run-status")).toHaveText("RUNNING");
    const embed = stagePanel(page, "embed");
    await expect(embed).toContainText("SUSPENDED");
    await expect(embed).toContainText("anthropic");
    await expect(embed).toContainText(`msgbatch_e2e_${id.slice(-12)}`);
    // Request counts (from the suspended state), next poll and deadline.
    await expect(embed).toContainText(/Requests[\s\S]*\b3\b/);
    await expect(embed).toContainText("Next poll");
    await expect(embed).toContainText("Deadline");
    const timeline = page.getByTestId("timeline");
    await expect(
      timeline.locator('[data-testid="timeline-bar"][data-stage-id="embed"]'),
    ).toHaveAttribute("data-outcome", "suspended");
    await expect(timeline.getByTestId("timeline-gap").first()).toBeVisible();
  });

  test("a parallel group: its stages' bars side by side, in lanes of their own", async ({
    page,
    env,
  }) => {
    await page.goto(`${env.urls.main}/runs/${env.runs.fanout}`);
    await expect(page.getByTestId("run-status")).toHaveText("COMPLETED");
    const bar = (stageId: string) =>
      page.locator(`[data-testid="timeline-bar"][data-stage-id="${stageId}"]`);
    for (const id of ["split", "left", "right", "join"]) await expect(bar(id)).toHaveCount(1);
    const left = await bar("left").boundingBox();
    const right = await bar("right").boundingBox();
    const join = await bar("join").boundingBox();
    if (!left || !right || !join) throw new Error("a bar has no box");
    // Two lanes (one above the other) whose spans overlap in time; join starts after both.
    expect(Math.abs(left.y - right.y)).toBeGreaterThan(0);
    expect(left.x < right.x + right.width && right.x < left.x + left.width).toBe(true);
    expect(join.x).toBeGreaterThanOrEqual(Math.max(left.x + left.width, right.x + right.width) - 1);
    // split: n = 2; left and right: 3 each; join: their sum.
    expect((await env.sf.kernel.query.getRunDetail(env.runs.fanout))?.run.output).toEqual({ n: 6 });
  });

  test("an unknown run says so", async ({ page, env }) => {
    await page.goto(`${env.urls.main}/runs/00000000-0000-7000-8000-000000000000`);
    await expect(page.getByRole("alert")).toContainText("NOT_FOUND");
    await expect(page.getByTestId("run-status")).toHaveCount(0);
  });
});
