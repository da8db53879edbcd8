/**
 * The two end-to-end scenarios every vendor runs on its fake server, with the assertions they
 * share: a batch that completes after a worker restart and bills the run at batch prices, and a
 * stage that gives up and cancels its batch. A vendor's test supplies only what differs.
 */
import { getModel } from "@stageflow/ai";
import { expect } from "vitest";
import {
  type AskResult,
  type AskVendor,
  Output,
  POLL,
  setupAsk,
  startUntilSuspended,
} from "./ask-workflow";
import { flushOutbox, persistedText, pollAfter } from "./kernel-steps";

/** One request as the fake server recorded it. */
export interface WireRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** A vendor under test: the workflow's needs plus its fake server and API key. */
export interface E2EVendor extends AskVendor {
  /** Must reach the fake on every request, and nothing that the run leaves behind. */
  apiKey: string;
  /** Every request the fake received since the test began. */
  wire: () => readonly WireRequest[];
  /** Whether a request carried the API key the way the vendor expects it. */
  authorized: (headers: WireRequest["headers"]) => boolean;
}

/** What one request should come back as, and what the vendor bills for it. */
export interface ExpectedRequest {
  status: AskResult["status"];
  /** Text, vector or object; absent on failure. */
  value?: NonNullable<AskResult["value"]>;
  /** The failure message; any string when a failed request leaves it out. */
  error?: string;
  /** The raw text of an object that failed validation. */
  rawText?: string;
  inputTokens: number;
  outputTokens: number;
}

/** What a completed batch should look like. */
export interface BatchCompletion {
  /** Standard USD prices per million tokens: the model's entry in the price table. */
  prices: { input: number; output: number };
  /** Every request by id (`q0`, `q1`, ...). */
  expected: Readonly<Record<string, ExpectedRequest>>;
  /** Checks of the vendor's submission request on the wire. */
  checkSubmitted?: (wire: readonly WireRequest[]) => void;
}

/** How a vendor's batch winds down once cancelled. */
export interface BatchCancellation {
  /** The path of the vendor's cancel request. */
  cancelPath: (batchId: string) => string;
  /** Polls after the cancelling one that still see the batch running. */
  runningPollsAfterCancel: number;
  /** The vendor status of the cancelled batch, quoted in the run's error. */
  providerStatus: string;
}

function expectedResult(id: string, e: ExpectedRequest): AskResult {
  const error = e.error ?? (e.status === "failed" ? expect.any(String) : null);
  return { id, status: e.status, value: e.value ?? null, error, rawText: e.rawText ?? null };
}

/**
 * Submits on one worker, resumes on another through `stage.pollSuspended`, and checks that the
 * run completes with every result matched by id despite unordered delivery, one AI call record
 * per request attributed to the run and stage, and the run's cost equal to the records' sum, the
 * stage's cost, the `workflow:completed` event's and an independently computed batch price.
 */
export async function expectBatchCompletes(vendor: E2EVendor, completion: BatchCompletion) {
  const { t: first, aiLogger, restart } = setupAsk(vendor);
  const { workflowRunId, batchId } = await startUntilSuspended(first, vendor);
  completion.checkSubmitted?.(vendor.wire());
  const t = restart();

  // The fakes walk pending → running → done, one step per status read.
  expect(await pollAfter(t, POLL)).toMatchObject({ checked: 1, resumed: 0, failed: 0 });
  expect(await pollAfter(t, POLL)).toMatchObject({ checked: 1, resumed: 0, failed: 0 });
  expect(await t.persistence.getStage(workflowRunId, "ask")).toMatchObject({
    status: "SUSPENDED",
    cost: 0,
  });
  expect(await pollAfter(t, POLL)).toEqual({
    checked: 1,
    resumed: 1,
    failed: 0,
    resumedWorkflowRunIds: [workflowRunId],
  });
  await flushOutbox(t);

  const run = await t.persistence.getRun(workflowRunId);
  expect(run?.status).toBe("COMPLETED");
  const output = Output.parse(run?.output);
  const ids = Object.keys(completion.expected);
  expect(output.results.map((r) => r.id)).not.toEqual(ids);
  const byId = new Map(output.results.map((r) => [r.id, r]));
  expect([...byId.keys()].sort()).toEqual(ids);
  for (const [id, e] of Object.entries(completion.expected)) {
    expect(byId.get(id)).toEqual(expectedResult(id, e));
  }

  // One record per request, attributed to the run and stage, at the batch price.
  expect(aiLogger.forRun(workflowRunId)).toHaveLength(aiLogger.records.length);
  const records = [...aiLogger.records].sort((a, b) =>
    String(a.requestId).localeCompare(String(b.requestId)),
  );
  expect(records.map((r) => [r.requestId, r.status, r.inputTokens, r.outputTokens])).toEqual(
    Object.entries(completion.expected).map(([id, e]) => [
      id,
      e.status,
      e.inputTokens,
      e.outputTokens,
    ]),
  );
  for (const record of records) {
    expect(record).toMatchObject({
      topic: `ask.${workflowRunId}`,
      provider: vendor.provider,
      model: vendor.model,
      kind: "batch",
      batch: true,
      batchId,
      workflowRunId,
      stageId: "ask",
    });
  }

  // The expected bill, from the price table by hand: half the standard price per token.
  const { prices } = completion;
  expect(getModel(vendor.model)).toMatchObject({
    inputPricePerMillion: prices.input,
    outputPricePerMillion: prices.output,
  });
  const billed = Object.values(completion.expected);
  const tokens = billed.reduce((n, u) => n + u.inputTokens + u.outputTokens, 0);
  const cost = billed.reduce(
    (n, u) => n + ((u.inputTokens * prices.input + u.outputTokens * prices.output) / 1e6) * 0.5,
    0,
  );
  expect(cost).toBeGreaterThan(0);
  const recordedCost = records.reduce((n, r) => n + r.cost, 0);
  expect(recordedCost).toBeCloseTo(cost, 12);
  expect(run?.totalCost).toBeCloseTo(recordedCost, 12);
  expect(run?.totalCost).toBeCloseTo(cost, 12);
  expect(run?.totalTokens).toBe(records.reduce((n, r) => n + r.inputTokens + r.outputTokens, 0));
  expect(run?.totalTokens).toBe(tokens);
  const askStage = await t.persistence.getStage(workflowRunId, "ask");
  expect(askStage).toMatchObject({
    status: "COMPLETED",
    suspendedState: null,
    inputTokens: billed.reduce((n, u) => n + u.inputTokens, 0),
    outputTokens: billed.reduce((n, u) => n + u.outputTokens, 0),
  });
  expect(askStage?.cost).toBeCloseTo(cost, 12);

  const [completed, ...more] = t.eventSink.ofType("workflow:completed");
  expect(more).toHaveLength(0);
  expect(completed).toMatchObject({
    workflowRunId,
    totalCost: run?.totalCost,
    totalTokens: run?.totalTokens,
    output: run?.output,
  });
  expect(completed?.totalCost).toBeCloseTo(cost, 12);

  // The key went over the wire, and nowhere else.
  expect(vendor.wire().every((r) => vendor.authorized(r.headers))).toBe(true);
  const persisted = await persistedText(t, workflowRunId, aiLogger.records);
  expect(persisted).toContain(batchId);
  expect(persisted).not.toContain(vendor.apiKey);
}

/**
 * A stage configured to give up after one poll interval cancels its batch exactly once; the run
 * then fails with `BATCH_FAILED`, costs nothing and leaves no AI call record and no API key.
 */
export async function expectCancelledBatchFails(vendor: E2EVendor, cancel: BatchCancellation) {
  const { t, aiLogger } = setupAsk(vendor);
  const { workflowRunId, batchId } = await startUntilSuspended(t, vendor, { cancelAfterMs: POLL });
  const cancels = () => vendor.wire().filter((r) => r.path === cancel.cancelPath(batchId));

  // Still running after 60 s: cancel. Then running (winding down) for a while, then failed.
  expect(await pollAfter(t, POLL)).toMatchObject({ checked: 1, resumed: 0, failed: 0 });
  expect(cancels()).toHaveLength(1);
  for (let i = 0; i < cancel.runningPollsAfterCancel; i++) {
    expect(await pollAfter(t, POLL)).toMatchObject({ checked: 1, resumed: 0, failed: 0 });
  }
  expect(await pollAfter(t, POLL)).toMatchObject({ checked: 1, resumed: 0, failed: 1 });
  expect(cancels()).toHaveLength(1);
  await flushOutbox(t);

  const run = await t.persistence.getRun(workflowRunId);
  expect(run).toMatchObject({ status: "FAILED", totalCost: 0, totalTokens: 0 });
  expect(run?.error).toMatchObject({ code: "BATCH_FAILED", stageId: "ask" });
  expect(run?.error?.message).toContain(`batch ${batchId} failed (${cancel.providerStatus})`);
  expect(await t.persistence.getStage(workflowRunId, "ask")).toMatchObject({ status: "FAILED" });
  expect(t.eventSink.ofType("workflow:failed")).toMatchObject([
    { workflowRunId, error: { code: "BATCH_FAILED" } },
  ]);
  expect(aiLogger.records).toHaveLength(0);
  expect(await persistedText(t, workflowRunId, aiLogger.records)).not.toContain(vendor.apiKey);
}
