import {
  createRunQueries,
  type ListRunsOptions,
  type Persistence,
  type RunQueryApi,
  type RunRecord,
  type RunStatus,
} from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import type { PersistenceConformanceContext } from "./conformance-context";
import { at, expectErrorCode, newRun, newStage } from "./fixtures";

/** Creates a run at `ms` after T0 and moves it to `status` (finished at `finishedMs`). */
async function runAt(
  persistence: Persistence,
  ms: number,
  options: {
    status?: RunStatus;
    workflowId?: string;
    metadata?: Record<string, unknown>;
    finishedMs?: number;
  } = {},
): Promise<RunRecord> {
  const run = await persistence.createRun(
    newRun({
      now: at(ms),
      workflowId: options.workflowId ?? "wf",
      metadata: options.metadata ?? null,
    }),
  );
  const status = options.status ?? "PENDING";
  if (status === "PENDING") return run;
  const finished = status === "RUNNING" ? null : at(options.finishedMs ?? ms + 1_000);
  return persistence.updateRun(
    run.id,
    { status, startedAt: at(ms + 100), completedAt: finished, currentGroup: 1 },
    at(ms + 2_000),
  );
}

/** Every run `options` selects, page by page (`limit` per page), in listing order. */
async function allPages(
  queries: RunQueryApi,
  options: ListRunsOptions,
  limit: number,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await queries.listRuns({ ...options, limit, ...(cursor ? { cursor } : {}) });
    expect(page.runs.length).toBeLessThanOrEqual(limit);
    ids.push(...page.runs.map((run) => run.id));
    if (page.nextCursor === null) return ids;
    cursor = page.nextCursor;
  }
  throw new Error("pagination did not end");
}

const byPosition = (a: RunRecord, b: RunRecord) =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The query API (`createRunQueries`) over `Persistence.queries`: listings, counts, dead letters. */
export function persistenceQueryTests(ctx: () => PersistenceConformanceContext): void {
  describe("run queries", () => {
    it("lists a run with every field of its record but input, config and output", async () => {
      const { persistence } = ctx();
      const created = await persistence.createRun(
        newRun({
          metadata: { team: "ops" },
          budgetUsd: 2.5,
          traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
          tracestate: "vendor=1",
        }),
      );
      const cancelled = await persistence.updateRun(
        created.id,
        { status: "CANCELLED", completedAt: at(500), cancelReason: "no longer needed" },
        at(500),
      );
      const { input: _input, config: _config, output: _output, ...summary } = cancelled;
      const page = await createRunQueries(persistence).listRuns();
      expect(page.runs).toEqual([{ ...summary, durationMs: null }]);
    });

    it("lists newest first by default with summaries, durations and Date timestamps", async () => {
      const { persistence } = ctx();
      const queries = createRunQueries(persistence);
      const old = await runAt(persistence, 0, { status: "COMPLETED", finishedMs: 1_100 });
      const mid = await runAt(persistence, 10, { status: "RUNNING" });
      const recent = await runAt(persistence, 20);
      const page = await queries.listRuns();
      expect(page.runs.map((run) => run.id)).toEqual([recent.id, mid.id, old.id]);
      expect(page.nextCursor).toBeNull();
      const done = page.runs[2];
      expect(done).toMatchObject({
        id: old.id,
        workflowId: "wf",
        status: "COMPLETED",
        currentGroup: 1,
        totalCost: 0,
        totalTokens: 0,
        createdAt: at(0),
        startedAt: at(100),
        completedAt: at(1_100),
        durationMs: 1_000,
      });
      for (const run of page.runs) {
        expect(run.createdAt).toBeInstanceOf(Date);
        expect(run.updatedAt).toBeInstanceOf(Date);
        expect(run).not.toHaveProperty("input");
        expect(run).not.toHaveProperty("output");
        expect(run).not.toHaveProperty("config");
      }
      expect(page.runs[0]?.durationMs).toBeNull();
      const oldest = await queries.listRuns({ order: "oldest" });
      expect(oldest.runs.map((run) => run.id)).toEqual([old.id, mid.id, recent.id]);
    });

    it("paginates across equal creation times without losing or repeating a run", async () => {
      const { persistence } = ctx();
      const queries = createRunQueries(persistence);
      const runs: RunRecord[] = [];
      for (let i = 0; i < 7; i++) runs.push(await runAt(persistence, 5));
      for (const ms of [0, 9, 5_000]) runs.push(await runAt(persistence, ms));
      for (let i = 0; i < 3; i++) runs.push(await runAt(persistence, 9, { status: "FAILED" }));
      const ascending = [...runs].sort(byPosition).map((run) => run.id);
      for (const limit of [1, 3, 4]) {
        expect(await allPages(queries, { order: "oldest" }, limit)).toEqual(ascending);
        expect(await allPages(queries, {}, limit)).toEqual([...ascending].reverse());
      }
      // Several statuses (adapters may merge one ordered read per status).
      const some = runs
        .filter((run) => run.status === "PENDING" || run.status === "FAILED")
        .sort(byPosition)
        .map((run) => run.id);
      expect(await allPages(queries, { status: ["FAILED", "PENDING"] }, 2)).toEqual(
        [...some].reverse(),
      );
      expect(
        await allPages(queries, { status: ["PENDING", "FAILED"], order: "oldest" }, 3),
      ).toEqual(some);
    });

    it("filters by status, workflow, creation and finish time, failed stage, metadata and id prefix", async () => {
      const { persistence } = ctx();
      const queries = createRunQueries(persistence);
      const a = await runAt(persistence, 0, {
        status: "COMPLETED",
        workflowId: "alpha",
        metadata: { tenant: "t1", n: 5, vip: true },
        finishedMs: 500,
      });
      const b = await runAt(persistence, 100, {
        status: "FAILED",
        workflowId: "beta",
        metadata: { tenant: "t2", n: "5", vip: false },
        finishedMs: 2_000,
      });
      const c = await runAt(persistence, 200, { status: "RUNNING", workflowId: "alpha" });
      const d = await runAt(persistence, 300, {
        status: "CANCELLED",
        workflowId: "gamma",
        metadata: { tenant: "t1" },
        finishedMs: 3_000,
      });
      const [failedStage, okStage] = await persistence.createStages([
        newStage(b.id, "extract"),
        newStage(d.id, "extract"),
      ]);
      await persistence.updateStage(failedStage?.id ?? "", { status: "FAILED" }, at(1));
      await persistence.updateStage(okStage?.id ?? "", { status: "COMPLETED" }, at(1));
      const ids = async (options: ListRunsOptions) =>
        (await queries.listRuns({ ...options, order: "oldest" })).runs.map((run) => run.id);

      expect(await ids({ status: "FAILED" })).toEqual([b.id]);
      expect(await ids({ status: ["COMPLETED", "CANCELLED"] })).toEqual([a.id, d.id]);
      expect(await ids({ workflowId: "alpha" })).toEqual([a.id, c.id]);
      expect(await ids({ workflowId: ["beta", "gamma"] })).toEqual([b.id, d.id]);
      expect(await ids({ workflowId: "alpha", status: "RUNNING" })).toEqual([c.id]);
      expect(await ids({ createdAfter: at(100) })).toEqual([b.id, c.id, d.id]);
      expect(await ids({ createdBefore: at(200) })).toEqual([a.id, b.id]);
      expect(await ids({ createdAfter: at(100), createdBefore: at(300) })).toEqual([b.id, c.id]);
      expect(await ids({ createdAfter: at(100).toISOString() })).toEqual([b.id, c.id, d.id]);
      expect(await ids({ finishedAfter: at(2_000) })).toEqual([b.id, d.id]);
      expect(await ids({ finishedBefore: at(2_000) })).toEqual([a.id]);
      expect(await ids({ failedStageId: "extract" })).toEqual([b.id]);
      expect(await ids({ failedStageId: "summarize" })).toEqual([]);
      expect(await ids({ metadata: { tenant: "t1" } })).toEqual([a.id, d.id]);
      expect(await ids({ metadata: { tenant: "t1", vip: true } })).toEqual([a.id]);
      expect(await ids({ metadata: { vip: false } })).toEqual([b.id]);
      expect(await ids({ metadata: { n: 5 } })).toEqual([a.id]);
      expect(await ids({ metadata: { n: "5" } })).toEqual([b.id]);
      expect(await ids({ metadata: { missing: "x" } })).toEqual([]);
      expect(await ids({ idPrefix: c.id.slice(0, 12) })).toContain(c.id);
      expect(await ids({ idPrefix: c.id })).toEqual([c.id]);
      expect(await ids({ idPrefix: `${c.id}x` })).toEqual([]);
    });

    it("counts runs by status and by workflow for the same filters", async () => {
      const { persistence } = ctx();
      const queries = createRunQueries(persistence);
      await runAt(persistence, 0, { status: "COMPLETED", workflowId: "alpha" });
      await runAt(persistence, 1, { status: "COMPLETED", workflowId: "alpha" });
      await runAt(persistence, 2, { status: "FAILED", workflowId: "alpha" });
      await runAt(persistence, 3, { status: "COMPLETED", workflowId: "beta" });
      await runAt(persistence, 4, { workflowId: "beta" });
      const all = await queries.countRuns();
      expect(all.total).toBe(5);
      expect(all.byStatus).toEqual({
        PENDING: 1,
        RUNNING: 0,
        COMPLETED: 3,
        FAILED: 1,
        CANCELLED: 0,
      });
      expect(all.byWorkflow.alpha).toEqual({
        total: 3,
        byStatus: { PENDING: 0, RUNNING: 0, COMPLETED: 2, FAILED: 1, CANCELLED: 0 },
      });
      expect(all.byWorkflow.beta?.total).toBe(2);
      const recentDone = await queries.countRuns({
        status: ["COMPLETED", "FAILED"],
        createdAfter: at(1),
      });
      expect(recentDone.total).toBe(3);
      expect(Object.keys(recentDone.byWorkflow).sort()).toEqual(["alpha", "beta"]);
      expect((await queries.countRuns({ workflowId: "none" })).total).toBe(0);
    });

    it("lists dead letters filtered by run, type and time, oldest first, page by page", async () => {
      const { persistence } = ctx();
      const queries = createRunQueries(persistence);
      const r1 = await runAt(persistence, 0);
      const r2 = await runAt(persistence, 0);
      const events = await persistence.appendOutboxEvents([
        { workflowRunId: r1.id, type: "a", payload: {}, now: at(10) },
        { workflowRunId: r1.id, type: "b", payload: {}, now: at(10) },
        { workflowRunId: r2.id, type: "a", payload: {}, now: at(20) },
        { workflowRunId: r2.id, type: "a", payload: {}, now: at(30) },
      ]);
      for (const event of events.slice(0, 3)) {
        await persistence.recordOutboxFailure(event.id, {
          error: "down",
          maxRetries: 1,
          retryAt: at(40),
        });
      }
      const ids = events.map((event) => event.id);
      const list = async (options: Parameters<RunQueryApi["listDeadLetters"]>[0]) =>
        (await queries.listDeadLetters(options)).events.map((event) => event.id);
      const firstTwo = [ids[0], ids[1]].sort();
      expect((await list({})).slice(0, 2).sort()).toEqual(firstTwo);
      expect(await list({})).toHaveLength(3);
      expect((await list({})).at(2)).toBe(ids[2]);
      expect((await list({ workflowRunId: r1.id })).sort()).toEqual(firstTwo);
      expect(await list({ type: "a" })).toEqual([ids[0], ids[2]]);
      expect(await list({ createdAfter: at(11) })).toEqual([ids[2]]);
      expect((await list({ createdBefore: at(20) })).sort()).toEqual(firstTwo);
      const first = await queries.listDeadLetters({ limit: 2 });
      expect(first.events).toHaveLength(2);
      expect(first.events[0]?.createdAt).toBeInstanceOf(Date);
      const second = await queries.listDeadLetters({ limit: 2, cursor: first.nextCursor ?? "" });
      expect(second.events.map((event) => event.id)).toEqual([ids[2]]);
      expect(second.nextCursor).toBeNull();
    });

    it("lists events of every run or of one, in either order, by state, page by page", async () => {
      const { persistence } = ctx();
      const queries = createRunQueries(persistence);
      const r1 = await runAt(persistence, 0);
      const r2 = await runAt(persistence, 0);
      const events = await persistence.appendOutboxEvents([
        { workflowRunId: r1.id, type: "a", payload: {}, now: at(10) },
        { workflowRunId: r2.id, type: "b", payload: {}, now: at(20) },
        { workflowRunId: r1.id, type: "a", payload: {}, now: at(30) },
      ]);
      const ids = events.map((event) => event.id);
      await persistence.markOutboxEventsPublished([ids[0] as string], at(40));
      const list = async (options: Parameters<RunQueryApi["listEvents"]>[0]) =>
        (await queries.listEvents(options)).events.map((event) => event.id);
      expect(await list({})).toEqual([ids[2], ids[1], ids[0]]);
      expect(await list({ order: "oldest" })).toEqual(ids);
      expect(await list({ workflowRunId: r1.id })).toEqual([ids[2], ids[0]]);
      expect(await list({ status: "PUBLISHED" })).toEqual([ids[0]]);
      expect(await list({ status: "PENDING", type: "a" })).toEqual([ids[2]]);
      expect(await list({ createdAfter: at(15), order: "oldest" })).toEqual([ids[1], ids[2]]);
      const first = await queries.listEvents({ limit: 2 });
      expect(first.events.map((event) => event.id)).toEqual([ids[2], ids[1]]);
      const second = await queries.listEvents({ limit: 2, cursor: first.nextCursor ?? "" });
      expect(second.events.map((event) => event.id)).toEqual([ids[0]]);
      expect(second.nextCursor).toBeNull();
      await expectErrorCode(queries.listEvents({ status: "LOST" as never }), "INVALID_QUERY");
      await expectErrorCode(
        queries.listEvents({ order: "oldest", cursor: first.nextCursor ?? "" }),
        "INVALID_QUERY",
      );
    });

    it("lists the AI calls of a run with model, tokens and cost", async () => {
      const context = ctx();
      const { persistence } = context;
      if (!context.logAICall) {
        throw new Error(
          "This conformance setup must provide logAICall (the adapter's AI call logger).",
        );
      }
      const run = await runAt(persistence, 0);
      const other = await runAt(persistence, 1);
      const call = {
        topic: "summaries",
        provider: "anthropic",
        model: "claude-x",
        kind: "text",
        inputTokens: 120,
        outputTokens: 30,
        cost: 0.25,
        batch: false,
        status: "succeeded" as const,
        durationMs: 42,
        createdAt: at(5),
      };
      await context.logAICall({ ...call, workflowRunId: run.id, stageId: "summarize" });
      await context.logAICall({
        ...call,
        model: "embed-y",
        kind: "batch",
        batch: true,
        batchId: "b-1",
        status: "failed",
        error: "quota",
        workflowRunId: run.id,
        stageId: "embed",
        createdAt: at(6),
      });
      await context.logAICall({ ...call, workflowRunId: other.id, stageId: "summarize" });
      await context.logAICall({ ...call, workflowRunId: other.id, cached: true, cost: 0 });
      expect((await persistence.queries.listAICalls(other.id)).map((c) => c.cached)).toEqual([
        false,
        true,
      ]);
      const calls = await persistence.queries.listAICalls(run.id);
      expect(calls).toEqual([
        {
          stageId: "summarize",
          topic: "summaries",
          provider: "anthropic",
          model: "claude-x",
          kind: "text",
          inputTokens: 120,
          outputTokens: 30,
          cost: 0.25,
          batch: false,
          batchId: null,
          status: "succeeded",
          error: null,
          durationMs: 42,
          createdAt: at(5),
          cached: false,
        },
        expect.objectContaining({
          stageId: "embed",
          cached: false,
          model: "embed-y",
          batch: true,
          batchId: "b-1",
          status: "failed",
          error: "quota",
          createdAt: at(6),
        }),
      ]);
      expect(await persistence.queries.listAICalls("unknown-run")).toEqual([]);
    });

    it("rejects bad query input with INVALID_QUERY", async () => {
      const { persistence } = ctx();
      const queries = createRunQueries(persistence);
      const bad: unknown[] = [
        { status: "DONE" },
        { status: [] },
        { workflowId: "" },
        { limit: 0 },
        { limit: 1.5 },
        { limit: 1001 },
        { order: "random" },
        { createdAfter: "yesterday" },
        { createdAfter: new Date(Number.NaN) },
        { createdAfter: at(10), createdBefore: at(10) },
        { metadata: { tenant: { nested: 1 } } },
        { metadata: {} },
        { metadata: { 'a"b': 1 } },
        { cursor: "not-a-cursor" },
        { idPrefix: "" },
      ];
      for (const options of bad) {
        await expectErrorCode(queries.listRuns(options as ListRunsOptions), "INVALID_QUERY");
      }
      await expectErrorCode(queries.countRuns({ status: "nope" as RunStatus }), "INVALID_QUERY");
      await expectErrorCode(queries.listDeadLetters({ limit: -1 }), "INVALID_QUERY");
      await expectErrorCode(queries.getRunDetail(""), "INVALID_QUERY");
      const newest = await queries.listRuns({ limit: 1 });
      await runAt(persistence, 0);
      await runAt(persistence, 1);
      const page = await queries.listRuns({ limit: 1 });
      expect(newest.nextCursor).toBeNull();
      await expectErrorCode(
        queries.listRuns({ order: "oldest", cursor: page.nextCursor ?? "" }),
        "INVALID_QUERY",
      );
    });
  });
}
