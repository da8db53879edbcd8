import { describe, expect, it } from "vitest";
import { DIALECTS } from "./helpers/databases";
import { type ErrorReply, useSeededDashboard } from "./helpers/seeded-dashboard";

interface Run {
  id: string;
  workflowId: string;
  status: string;
  createdAt: string;
  durationMs: number | null;
  metadata: Record<string, unknown> | null;
  input?: unknown;
}
interface Page {
  runs: Run[];
  nextCursor: string | null;
}

describe.each(DIALECTS)("dashboard API reads on $name", (dialect) => {
  const t = useSeededDashboard(dialect.open);
  const ids = async (query: string) => {
    const reply = await t.call<Page>(`/api/runs${query}`);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return reply.body.runs.map((run) => run.id);
  };

  it("GET /api/meta: title, switches and the workflows' stages by group", async () => {
    const { status, body } = await t.call<Record<string, unknown>>("/api/meta");
    expect(status).toBe(200);
    expect(body).toEqual({
      title: "Test dashboard",
      basePath: "",
      readOnly: false,
      actions: { cancel: true, rerun: true, retry: true, replay: true },
      workflows: [
        {
          id: "report",
          name: "Report",
          stages: [
            { id: "extract", name: "Extract", group: 1 },
            { id: "count", name: "Count", group: 2 },
            { id: "shout", name: "Shout", group: 2 },
          ],
        },
        { id: "batch", name: "Batch", stages: [{ id: "submit", name: "Submit batch", group: 1 }] },
        { id: "waiting", name: "Waiting", stages: [{ id: "wait", name: "Wait", group: 1 }] },
      ],
    });
  });

  it("GET /api/runs: every run newest first, summaries with ISO dates and no input", async () => {
    const { status, body } = await t.call<Page>("/api/runs");
    expect(status).toBe(200);
    expect(body.runs.map((run) => run.id)).toEqual([...t.runs.all].reverse());
    expect(body.nextCursor).toBeNull();
    const completed = body.runs.find((run) => run.id === t.runs.completed[0])!;
    expect(completed.status).toBe("COMPLETED");
    expect(completed.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
    expect(completed.durationMs).toBeGreaterThanOrEqual(0);
    expect(completed.metadata).toEqual({ team: "a", tier: 1 });
    expect(completed).not.toHaveProperty("input");
    expect(new Set(body.runs.map((run) => run.status))).toEqual(
      new Set(["PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"]),
    );
  });

  it("filters by status, workflow, time range and id prefix", async () => {
    const { runs } = t;
    expect(await ids("?status=FAILED")).toEqual([runs.failed]);
    expect(await ids("?status=COMPLETED,CANCELLED")).toEqual([
      runs.cancelled,
      runs.completed[1],
      runs.completed[0],
    ]);
    expect(await ids("?status=RUNNING&status=PENDING")).toEqual([
      runs.pending,
      runs.running,
      runs.suspended,
    ]);
    expect(await ids("?workflow=batch,waiting")).toEqual([
      runs.cancelled,
      runs.running,
      runs.suspended,
    ]);
    expect(await ids("?workflow=waiting&status=RUNNING")).toEqual([runs.running]);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const past = new Date(Date.now() - 3_600_000).toISOString();
    expect(await ids(`?from=${encodeURIComponent(future)}`)).toEqual([]);
    expect(await ids(`?from=${encodeURIComponent(past)}&to=${encodeURIComponent(future)}`)).toEqual(
      [...runs.all].reverse(),
    );
    expect(await ids(`?to=${encodeURIComponent(past)}`)).toEqual([]);
    expect(await ids(`?q=${runs.failed.slice(0, -1)}`)).toEqual([runs.failed]);
    expect(await ids("?q=zzzz-no-such-run")).toEqual([]);
  });

  it("filters by a metadata, input or output JSON field (numbers and booleans typed)", async () => {
    const { runs } = t;
    expect(await ids("?field=metadata.team&value=a")).toEqual([runs.failed, runs.completed[0]]);
    expect(await ids("?field=metadata.tier&value=2")).toEqual([runs.failed, runs.completed[1]]);
    // "2" as text matches no number.
    expect(await ids("?field=metadata.tier&value=two")).toEqual([]);
    expect(await ids("?field=input.text&value=later")).toEqual([runs.pending]);
    expect(await ids("?field=output.count&value=3")).toEqual([runs.completed[0]]);
    expect(await ids("?field=output.shout&value=DELTA%20EPSILON")).toEqual([runs.completed[1]]);
    expect(await ids("?field=metadata.team&value=a&status=COMPLETED")).toEqual([runs.completed[0]]);
  });

  it("GET /api/runs/count: total, by status and by workflow, under the same filter", async () => {
    const all = await t.call<{
      total: number;
      byStatus: Record<string, number>;
      byWorkflow: Record<string, { total: number; byStatus: Record<string, number> }>;
    }>("/api/runs/count");
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(7);
    expect(all.body.byStatus).toEqual({
      PENDING: 1,
      RUNNING: 2,
      COMPLETED: 2,
      FAILED: 1,
      CANCELLED: 1,
    });
    expect(all.body.byWorkflow.report?.total).toBe(4);
    expect(all.body.byWorkflow.report?.byStatus.COMPLETED).toBe(2);
    expect(all.body.byWorkflow.waiting?.byStatus).toMatchObject({ RUNNING: 1, CANCELLED: 1 });
    const teamA = await t.call<{ total: number }>("/api/runs/count?field=metadata.team&value=a");
    expect(teamA.body.total).toBe(2);
    const waiting = await t.call<{ total: number; byWorkflow: Record<string, unknown> }>(
      "/api/runs/count?workflow=waiting",
    );
    expect(waiting.body.total).toBe(2);
    expect(Object.keys(waiting.body.byWorkflow)).toEqual(["waiting"]);
  });

  it("pages with cursors in both orders", async () => {
    for (const order of ["newest", "oldest"] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query = `?limit=3&order=${order}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
        const reply: { body: Page } = await t.call<Page>(`/api/runs${query}`);
        expect(reply.body.runs.length).toBeLessThanOrEqual(3);
        seen.push(...reply.body.runs.map((run) => run.id));
        cursor = reply.body.nextCursor;
        pages += 1;
      } while (cursor !== null && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual(order === "newest" ? [...t.runs.all].reverse() : [...t.runs.all]);
    }
    const first = await t.call<Page>("/api/runs?limit=2&order=newest");
    const wrong = await t.call<ErrorReply>(
      `/api/runs?order=oldest&cursor=${encodeURIComponent(first.body.nextCursor!)}`,
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe("INVALID_PARAMETER");
  });

  it("GET /api/runs/:id of a failed run: attempts with errors, logs, events, totals", async () => {
    const { status, body } = await t.call<{
      run: { id: string; status: string; error: { message: string; stageId?: string } };
      stages: {
        stageId: string;
        status: string;
        attempts: { attempt: number; outcome: string; error: { message: string } | null }[];
        input: unknown;
        output: unknown;
      }[];
      logs: { message: string }[];
      events: { type: string }[];
      totals: { durationMs: number | null };
    }>(`/api/runs/${t.runs.failed}`);
    expect(status).toBe(200);
    expect(body.run.status).toBe("FAILED");
    expect(body.run.error.message).toContain("the text asked to fail");
    const count = body.stages.find((stage) => stage.stageId === "count")!;
    expect(count.status).toBe("FAILED");
    expect(count.attempts.map((a) => [a.attempt, a.outcome])).toEqual([
      [1, "failed"],
      [2, "failed"],
    ]);
    expect(count.attempts[0]?.error?.message).toContain("the text asked to fail");
    expect(count.output).toBeNull();
    expect(count.input).toEqual({
      value: { words: ["please", "fail", "now"], padding: "" },
      truncated: false,
      bytes: JSON.stringify({ words: ["please", "fail", "now"], padding: "" }).length,
    });
    expect(body.logs.some((line) => line.message.includes("extracting 15 characters"))).toBe(true);
    expect(body.events.map((event) => event.type)).toContain("workflow:failed");
    expect(body.totals.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("GET /api/runs/:id of a suspended batch stage: provider, batch id, next poll, deadline", async () => {
    const { body } = await t.call<{
      run: { status: string };
      stages: { stageId: string; status: string; suspended: Record<string, unknown> | null }[];
    }>(`/api/runs/${t.runs.suspended}`);
    expect(body.run.status).toBe("RUNNING");
    const stage = body.stages[0]!;
    expect(stage.status).toBe("SUSPENDED");
    expect(stage.suspended).toMatchObject({
      batchId: `msgbatch_${t.runs.suspended.slice(0, 8)}`,
      provider: "anthropic",
      pollIntervalMs: 3_600_000,
    });
    expect(Date.parse(String(stage.suspended?.nextPollAt))).toBeGreaterThan(Date.now());
    expect(Date.parse(String(stage.suspended?.deadline))).toBeGreaterThan(Date.now());
  });

  it("GET /api/runs/:id totals the run's AI calls (per stage too)", async () => {
    const { body } = await t.call<{
      aiCalls: { model: string; inputTokens: number; cost: number }[];
      aiCostSoFar: number;
      stages: { stageId: string; aiCalls: unknown[] }[];
      totals: { inputTokens: number; outputTokens: number; cost: number };
    }>(`/api/runs/${t.runs.completed[0]}`);
    expect(body.aiCalls.map((call) => call.model)).toEqual([
      "claude-sonnet-4-5",
      "claude-haiku-4-5",
    ]);
    expect(body.aiCostSoFar).toBeCloseTo(0.03, 10);
    expect(body.totals).toMatchObject({ inputTokens: 3000, outputTokens: 300 });
    expect(body.totals.cost).toBeCloseTo(0.03, 10);
    expect(body.stages.find((s) => s.stageId === "extract")?.aiCalls).toHaveLength(2);
    expect(body.stages.find((s) => s.stageId === "count")?.aiCalls).toHaveLength(0);
  });

  it("truncates large inputs and outputs to a preview, and downloads them whole", async () => {
    const id = t.runs.completed[1];
    const { body } = await t.call<{
      stages: {
        stageId: string;
        input: { value: unknown; truncated: boolean; bytes: number } | null;
        output: { value: unknown; truncated: boolean; bytes: number } | null;
      }[];
    }>(`/api/runs/${id}`);
    const stage = (stageId: string) => body.stages.find((s) => s.stageId === stageId)!;
    const extract = stage("extract");
    expect(extract.output?.truncated).toBe(true);
    expect(extract.output?.bytes).toBeGreaterThan(100_000);
    expect(JSON.stringify(extract.output?.value).length).toBeLessThan(70 * 1024);
    const cut = extract.output?.value as { words: string[]; padding: string };
    expect(cut.words).toEqual(["delta", "epsilon"]);
    expect(cut.padding).toMatch(/^x+… \(\d+ more characters\)$/);
    expect(extract.input).toEqual({
      value: { text: "delta epsilon", padding: 100_000 },
      truncated: false,
      bytes: JSON.stringify({ text: "delta epsilon", padding: 100_000 }).length,
    });
    expect(stage("count").input?.truncated).toBe(true);
    expect(stage("shout").output).toEqual({ value: "DELTA EPSILON", truncated: false, bytes: 15 });

    const download = await t.dashboard.fetch(
      new Request(`http://dashboard.test/api/runs/${id}/stages/extract/output`),
    );
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe(
      `attachment; filename="${id}-extract-output.json"`,
    );
    const full = (await download.json()) as { words: string[]; padding: string };
    expect(full.padding).toHaveLength(100_000);
    const input = await t.call<{ words: string[]; padding: string }>(
      `/api/runs/${id}/stages/count/input`,
    );
    expect(input.status).toBe(200);
    expect(input.body.padding).toHaveLength(100_000);
    expect(input.headers.get("content-disposition")).toBe(
      `attachment; filename="${id}-count-input.json"`,
    );
  });

  it("answers 404 for unknown runs, stages, missing outputs and routes", async () => {
    const cases = [
      "/api/runs/no-such-run",
      `/api/runs/no-such-run/stages/extract/output`,
      `/api/runs/${t.runs.completed[0]}/stages/nope/output`,
      `/api/runs/${t.runs.failed}/stages/count/output`,
      "/api/nothing-here",
    ];
    for (const path of cases) {
      const reply = await t.call<ErrorReply>(path);
      expect({ path, status: reply.status, code: reply.body.error.code }).toEqual({
        path,
        status: 404,
        code: "NOT_FOUND",
      });
      expect(reply.body.error.message).not.toBe("");
    }
  });

  it("GET /api/dlq lists dead letters with their error", async () => {
    const { status, body } = await t.call<{
      events: {
        id: string;
        workflowRunId: string;
        type: string;
        lastError: string;
        retryCount: number;
      }[];
      nextCursor: string | null;
    }>("/api/dlq");
    expect(status).toBe(200);
    expect(body.events).toHaveLength(1);
    expect(body.events[0]).toMatchObject({
      workflowRunId: t.runs.pending,
      type: "workflow:created",
    });
    expect(body.events[0]?.lastError).toContain("the sink is down");
    expect(body.nextCursor).toBeNull();
    const limited = await t.call<{ events: unknown[] }>("/api/dlq?limit=1");
    expect(limited.body.events).toHaveLength(1);
  });

  it("GET /api/costs: calls, tokens and cost per day and workflow", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const { status, body } = await t.call<{
      days: {
        day: string;
        workflowId: string;
        calls: number;
        inputTokens: number;
        outputTokens: number;
        cost: number;
      }[];
      byWorkflow: { workflowId: string; calls: number; cost: number }[];
    }>("/api/costs");
    expect(status).toBe(200);
    expect(body.days).toHaveLength(1);
    expect(body.days[0]).toMatchObject({
      day: today,
      workflowId: "report",
      calls: 2,
      inputTokens: 3000,
      outputTokens: 300,
    });
    expect(body.days[0]?.cost).toBeCloseTo(0.03, 10);
    expect(body.byWorkflow).toHaveLength(1);
    expect(body.byWorkflow[0]).toMatchObject({ workflowId: "report", calls: 2 });
    const other = await t.call<{ days: unknown[] }>(
      `/api/costs?workflow=batch&from=${today}&to=${today}`,
    );
    expect(other.body.days).toEqual([]);
    const before = await t.call<{ days: unknown[] }>("/api/costs?from=2020-01-01&to=2020-01-31");
    expect(before.body.days).toEqual([]);
  });

  it("refuses bad parameters with 400 INVALID_PARAMETER and the issues", async () => {
    const bad = [
      "/api/runs?limit=0",
      "/api/runs?limit=abc",
      "/api/runs?limit=1001",
      "/api/runs?status=DONE",
      "/api/runs?from=yesterday",
      "/api/runs?order=sideways",
      "/api/runs?bogus=1",
      "/api/runs?field=payload.x&value=1",
      "/api/runs?field=metadata.team",
      "/api/runs?value=a",
      "/api/runs?cursor=not-a-cursor",
      "/api/runs/count?limit=5",
      "/api/dlq?limit=-1",
      "/api/costs?from=2026-13-01",
      "/api/costs?from=2026-02-01&to=2026-01-01",
    ];
    for (const path of bad) {
      const reply = await t.call<ErrorReply>(path);
      expect({ path, status: reply.status, code: reply.body.error?.code }).toEqual({
        path,
        status: 400,
        code: "INVALID_PARAMETER",
      });
    }
    const detailed = await t.call<ErrorReply>("/api/runs?limit=0&status=DONE");
    expect(detailed.body.error.details).toMatchObject({
      issues: expect.arrayContaining([expect.objectContaining({ parameter: "query.limit" })]),
    });
  });
});
