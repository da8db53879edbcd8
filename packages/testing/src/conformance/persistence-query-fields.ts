import {
  createRunQueries,
  type ListRunsOptions,
  type Persistence,
  type RunFilterOptions,
  type RunRecord,
  type RunStatus,
} from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import type { ConformanceAICall, PersistenceConformanceContext } from "./conformance-context";
import { at, expectErrorCode, HOSTILE_STRING, newRun } from "./fixtures";

/**
 * A run created at `ms` after T0 with this input and metadata, moved to `status` (COMPLETED by
 * default) with `output` stored unless it is RUNNING.
 */
async function storedRun(
  persistence: Persistence,
  ms: number,
  values: {
    input?: unknown;
    metadata?: Record<string, unknown> | null;
    output?: unknown;
    workflowId?: string;
    status?: RunStatus;
  },
): Promise<RunRecord> {
  const run = await persistence.createRun(
    newRun({
      now: at(ms),
      workflowId: values.workflowId ?? "wf",
      input: values.input ?? null,
      metadata: values.metadata ?? null,
    }),
  );
  const status = values.status ?? "COMPLETED";
  if (status === "PENDING") return run;
  return persistence.updateRun(
    run.id,
    {
      status,
      startedAt: at(ms + 1),
      currentGroup: 1,
      ...(status === "RUNNING" ? {} : { completedAt: at(ms + 2) }),
      ...(status === "RUNNING" ? {} : { output: values.output ?? null }),
    },
    at(ms + 2),
  );
}

const DAY1 = "2030-01-02";
const DAY2 = "2030-01-03";
const time = (day: string, clock: string) => new Date(`${day}T${clock}Z`);

/** `kernel.query` field filters (`field`) and daily AI costs (`costsByDay`) over any adapter. */
export function persistenceQueryFieldTests(ctx: () => PersistenceConformanceContext): void {
  describe("run queries by JSON field", () => {
    it("filters by a metadata, input or output path with JSON types kept apart", async () => {
      const { persistence } = ctx();
      const queries = createRunQueries(persistence);
      const a = await storedRun(persistence, 0, {
        metadata: { tenant: "acme", tier: { level: 2 } },
        input: { customer: { id: "acme", n: 1, vip: true }, tags: ["x"] },
        output: { summary: { words: 120, lang: "en" } },
      });
      const b = await storedRun(persistence, 10, {
        metadata: { tenant: "1", tier: { level: "2" } },
        input: { customer: { id: 1, n: "1", vip: "true" } },
        output: { summary: { words: 120.0, lang: "fr" } },
        status: "FAILED",
      });
      const c = await storedRun(persistence, 20, {
        metadata: { tenant: 1, "customer id": HOSTILE_STRING },
        input: { customer: [{ id: "acme" }], "clé é": "ü" },
        workflowId: "other",
      });
      const d = await storedRun(persistence, 30, {
        input: "acme",
        output: ["acme"],
        status: "RUNNING",
      });
      const ids = async (field: RunFilterOptions["field"], extra: ListRunsOptions = {}) =>
        (await queries.listRuns({ ...extra, field, order: "oldest" })).runs.map((run) => run.id);

      expect(await ids({ source: "metadata", path: ["tenant"], value: "acme" })).toEqual([a.id]);
      expect(await ids({ source: "metadata", path: ["tenant"], value: "1" })).toEqual([b.id]);
      expect(await ids({ source: "metadata", path: ["tenant"], value: 1 })).toEqual([c.id]);
      expect(await ids({ source: "metadata", path: ["tier", "level"], value: 2 })).toEqual([a.id]);
      expect(await ids({ source: "metadata", path: ["tier", "level"], value: "2" })).toEqual([
        b.id,
      ]);
      expect(
        await ids({ source: "metadata", path: ["customer id"], value: HOSTILE_STRING }),
      ).toEqual([c.id]);
      expect(await ids({ source: "input", path: ["customer", "id"], value: "acme" })).toEqual([
        a.id,
      ]);
      expect(await ids({ source: "input", path: ["customer", "id"], value: 1 })).toEqual([b.id]);
      expect(await ids({ source: "input", path: ["customer", "n"], value: 1 })).toEqual([a.id]);
      expect(await ids({ source: "input", path: ["customer", "vip"], value: true })).toEqual([
        a.id,
      ]);
      expect(await ids({ source: "input", path: ["customer", "vip"], value: "true" })).toEqual([
        b.id,
      ]);
      expect(await ids({ source: "input", path: ["clé é"], value: "ü" })).toEqual([c.id]);
      // 120 and 120.0 are the same JSON number.
      expect(await ids({ source: "output", path: ["summary", "words"], value: 120 })).toEqual([
        a.id,
        b.id,
      ]);
      expect(await ids({ source: "output", path: ["summary", "lang"], value: "fr" })).toEqual([
        b.id,
      ]);
      // No match: a missing key, a container at the path, array elements, a scalar document.
      expect(await ids({ source: "input", path: ["customer", "email"], value: "acme" })).toEqual(
        [],
      );
      expect(await ids({ source: "output", path: ["summary"], value: "en" })).toEqual([]);
      expect(await ids({ source: "input", path: ["tags"], value: "x" })).toEqual([]);
      expect(await ids({ source: "input", path: ["tags", "0"], value: "x" })).toEqual([]);
      expect(await ids({ source: "output", path: ["0"], value: "acme" })).toEqual([]);
      expect(await ids({ source: "input", path: ["customer"], value: "acme" })).toEqual([]);
      expect(await ids({ source: "metadata", path: ["tenant"], value: "ACME" })).toEqual([]);
      expect(d.status).toBe("RUNNING");
      // Combined with the other filters (AND), in listings and counts.
      expect(
        await ids(
          { source: "output", path: ["summary", "words"], value: 120 },
          { status: "FAILED" },
        ),
      ).toEqual([b.id]);
      expect(
        await ids(
          { source: "metadata", path: ["tenant"], value: "acme" },
          { status: ["FAILED", "RUNNING"] },
        ),
      ).toEqual([]);
      const counts = await queries.countRuns({
        status: ["COMPLETED", "FAILED"],
        field: { source: "output", path: ["summary", "words"], value: 120 },
      });
      expect(counts.total).toBe(2);
      expect(counts.byStatus.COMPLETED).toBe(1);
      expect(counts.byStatus.FAILED).toBe(1);
    });

    it("rejects a bad field filter with INVALID_QUERY", async () => {
      const { persistence } = ctx();
      const queries = createRunQueries(persistence);
      const bad: unknown[] = [
        "metadata.tenant",
        { source: "config", path: ["a"], value: 1 },
        { source: "input", path: [], value: 1 },
        { source: "input", path: "a", value: 1 },
        { source: "input", path: ["a", ""], value: 1 },
        { source: "input", path: ["a.b"], value: 1 },
        { source: "input", path: ['a"b'], value: 1 },
        { source: "input", path: ["a\\b"], value: 1 },
        { source: "input", path: ["a[0]"], value: 1 },
        { source: "input", path: ["x".repeat(129)], value: 1 },
        { source: "input", path: Array.from({ length: 9 }, () => "a"), value: 1 },
        { source: "input", path: ["a"], value: null },
        { source: "input", path: ["a"], value: { b: 1 } },
        { source: "input", path: ["a"], value: Number.NaN },
        { source: "input", path: ["a"] },
      ];
      for (const field of bad) {
        await expectErrorCode(
          queries.listRuns({ field } as unknown as ListRunsOptions),
          "INVALID_QUERY",
        );
        await expectErrorCode(
          queries.countRuns({ field } as unknown as RunFilterOptions),
          "INVALID_QUERY",
        );
      }
      expect(
        (
          await queries.listRuns({
            field: { source: "input", path: Array.from({ length: 8 }, () => "a"), value: 1 },
          })
        ).runs,
      ).toEqual([]);
    });
  });

  describe("AI costs by day", () => {
    it("sums calls, tokens and cost per UTC day and workflow, memoized calls at cost 0", async () => {
      const context = ctx();
      const { persistence } = context;
      if (!context.logAICall) {
        throw new Error(
          "This conformance setup must provide logAICall (the adapter's AI call logger).",
        );
      }
      const queries = createRunQueries(persistence);
      const alpha = await storedRun(persistence, 0, { workflowId: "alpha" });
      const alpha2 = await storedRun(persistence, 1, { workflowId: "alpha" });
      const beta = await storedRun(persistence, 2, { workflowId: "beta" });
      const call = (
        workflowRunId: string | undefined,
        createdAt: Date,
        tokens: [number, number],
        cost: number,
        extra: Partial<ConformanceAICall> = {},
      ): ConformanceAICall => ({
        topic: "t",
        provider: "anthropic",
        model: "m",
        kind: "text",
        inputTokens: tokens[0],
        outputTokens: tokens[1],
        cost,
        batch: false,
        status: "succeeded",
        durationMs: 5,
        createdAt,
        ...(workflowRunId === undefined ? {} : { workflowRunId }),
        ...extra,
      });
      const calls = [
        call(alpha.id, time(DAY1, "00:00:00.000"), [100, 10], 0.5),
        call(alpha2.id, time(DAY1, "23:59:59.999"), [200, 20], 0.25),
        call(alpha.id, time(DAY1, "12:00:00.000"), [50, 5], 0, { cached: true }),
        call(beta.id, time(DAY1, "08:00:00.000"), [7, 3], 0.125, { status: "failed" }),
        call(alpha.id, time(DAY2, "00:00:00.000"), [1, 2], 1),
        call(beta.id, time(DAY2, "10:00:00.000"), [3, 4], 2),
        // Outside [from, to): the day before and the exclusive end.
        call(alpha.id, time("2030-01-01", "23:59:59.999"), [1000, 1000], 100),
        call(alpha.id, time("2030-01-04", "00:00:00.000"), [1000, 1000], 100),
        // Not attributed to a run: not counted.
        call(undefined, time(DAY1, "09:00:00.000"), [1000, 1000], 100),
      ];
      for (const record of calls) await context.logAICall(record);

      const days = await queries.costsByDay({
        from: `${DAY1}T00:00:00.000Z`,
        to: new Date(`2030-01-04T00:00:00.000Z`),
      });
      expect(days.map(({ cost, ...rest }) => rest)).toEqual([
        { day: DAY1, workflowId: "alpha", calls: 3, inputTokens: 350, outputTokens: 35 },
        { day: DAY1, workflowId: "beta", calls: 1, inputTokens: 7, outputTokens: 3 },
        { day: DAY2, workflowId: "alpha", calls: 1, inputTokens: 1, outputTokens: 2 },
        { day: DAY2, workflowId: "beta", calls: 1, inputTokens: 3, outputTokens: 4 },
      ]);
      expect(days.map((row) => row.cost)).toEqual([0.75, 0.125, 1, 2]);

      const betaOnly = await queries.costsByDay({
        from: time(DAY1, "00:00:00.000"),
        to: time(DAY2, "00:00:00.000"),
        workflowId: "beta",
      });
      expect(betaOnly).toEqual([
        {
          day: DAY1,
          workflowId: "beta",
          calls: 1,
          inputTokens: 7,
          outputTokens: 3,
          cost: 0.125,
        },
      ]);
      // A range inside one day counts only the calls in it.
      const morning = await queries.costsByDay({
        from: time(DAY1, "00:00:00.000"),
        to: time(DAY1, "12:00:00.000").getTime(),
      });
      expect(morning.map((row) => [row.workflowId, row.calls])).toEqual([
        ["alpha", 1],
        ["beta", 1],
      ]);
      expect(
        await queries.costsByDay({
          from: time("2031-01-01", "00:00:00.000"),
          to: time("2031-02-01", "00:00:00.000"),
        }),
      ).toEqual([]);
      expect(
        await queries.costsByDay({
          from: time(DAY1, "00:00:00.000"),
          to: time(DAY2, "00:00:00.000"),
          workflowId: "none",
        }),
      ).toEqual([]);
    });

    it("rejects bad costsByDay input with INVALID_QUERY", async () => {
      const queries = createRunQueries(ctx().persistence);
      const from = time(DAY1, "00:00:00.000");
      const bad: unknown[] = [
        undefined,
        {},
        { from },
        { to: from },
        { from, to: from },
        { from: time(DAY2, "00:00:00.000"), to: from },
        { from: "yesterday", to: from },
        { from, to: new Date(Number.NaN) },
        { from, to: time("2045-01-01", "00:00:00.000") },
        { from, to: time(DAY2, "00:00:00.000"), workflowId: "" },
        { from, to: time(DAY2, "00:00:00.000"), workflowId: 7 },
      ];
      for (const options of bad) {
        await expectErrorCode(
          queries.costsByDay(options as Parameters<typeof queries.costsByDay>[0]),
          "INVALID_QUERY",
        );
      }
    });
  });
}
