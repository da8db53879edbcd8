import { createStageflow, definePlugin } from "@stageflow/engine";
import { afterAll, describe, expect, it } from "vitest";
import { report, switches, WORKFLOWS, waiting } from "./fixtures/workflows";
import { DIALECTS } from "./helpers/databases";
import { startWorker, waitUntil } from "./helpers/seed";
import { type ErrorReply, useSeededDashboard } from "./helpers/seeded-dashboard";

interface BulkReply {
  matched: number;
  succeeded: number;
  failed: { id: string; code: string; message: string }[];
}

describe.each(DIALECTS)("dashboard API writes on $name", (dialect) => {
  const t = useSeededDashboard(dialect.open);
  const status = async (id: string) => (await t.sf.persistence.getRun(id))?.status;
  afterAll(() => {
    switches.fixed = false;
  });

  it("cancels a running run, then refuses to cancel it again (409) or an unknown run (404)", async () => {
    const first = await t.post<{ cancelled: boolean }>(`/api/runs/${t.runs.running}/cancel`, {
      reason: "from the dashboard",
    });
    expect(first).toMatchObject({ status: 200, body: { cancelled: true } });
    expect(await status(t.runs.running)).toBe("CANCELLED");
    expect((await t.sf.persistence.getRun(t.runs.running))?.cancelReason).toBe(
      "from the dashboard",
    );
    const again = await t.post<ErrorReply>(`/api/runs/${t.runs.running}/cancel`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("CONFLICT");
    const unknown = await t.post<ErrorReply>("/api/runs/no-such-run/cancel", {});
    expect(unknown.status).toBe(404);
    const bad = await t.post<ErrorReply>(`/api/runs/${t.runs.suspended}/cancel`, { reason: 5 });
    expect(bad.status).toBe(400);
    expect(await status(t.runs.suspended)).toBe("RUNNING");
  });

  it("refuses reruns the kernel refuses (409), of unknown stages (404) and without a stage (400)", async () => {
    const pending = await t.post<ErrorReply>(`/api/runs/${t.runs.pending}/rerun`, {
      fromStageId: "extract",
    });
    expect(pending.status).toBe(409);
    expect(pending.body.error.code).toBe("CONFLICT");
    const stage = await t.post<ErrorReply>(`/api/runs/${t.runs.failed}/rerun`, {
      fromStageId: "nope",
    });
    expect(stage.status).toBe(404);
    const missing = await t.post<ErrorReply>(`/api/runs/${t.runs.failed}/rerun`, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe("INVALID_PARAMETER");
    const notFailed = await t.post<ErrorReply>(`/api/runs/${t.runs.completed[0]}/retry`, {});
    expect(notFailed.status).toBe(409);
    expect(await status(t.runs.failed)).toBe("FAILED");
    expect(await status(t.runs.completed[0])).toBe("COMPLETED");
  });

  it("retries a failed run from its failed stage and reruns a completed one; a worker completes both", async () => {
    switches.fixed = true;
    const retried = await t.post<{
      workflowRunId: string;
      fromStageId: string;
      deletedStages: string[];
    }>(`/api/runs/${t.runs.failed}/retry`, {});
    expect(retried.status).toBe(200);
    expect(retried.body.workflowRunId).toBe(t.runs.failed);
    expect(retried.body.fromStageId).toBe("count");
    expect([...retried.body.deletedStages].sort()).toEqual(["count", "shout"]);
    const rerun = await t.post<{ fromStageId: string; deletedStages: string[] }>(
      `/api/runs/${t.runs.completed[0]}/rerun`,
      { fromStageId: "extract" },
    );
    expect(rerun.status).toBe(200);
    expect([...rerun.body.deletedStages].sort()).toEqual(["count", "extract", "shout"]);
    const worker = await startWorker(t.db.url);
    try {
      await waitUntil("both runs completed", async () => {
        return (
          (await status(t.runs.failed)) === "COMPLETED" &&
          (await status(t.runs.completed[0])) === "COMPLETED"
        );
      });
    } finally {
      await worker.close();
    }
    const detail = await t.call<{
      stages: { stageId: string; output: { value: unknown } | null }[];
    }>(`/api/runs/${t.runs.failed}`);
    expect(detail.body.stages.find((s) => s.stageId === "count")?.output?.value).toBe(3);
  });

  it("bulk cancels by ids, collecting per-run failures", async () => {
    const created = await Promise.all(
      ["a", "b"].map((text) => t.sf.run(waiting, { text }, { metadata: { bulk: "ids" } })),
    );
    const ids = created.map((run) => run.id);
    const reply = await t.post<BulkReply>("/api/runs/bulk", {
      action: "cancel",
      ids: [...ids, "no-such-run", t.runs.cancelled],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.matched).toBe(4);
    expect(reply.body.succeeded).toBe(2);
    expect(reply.body.failed.map((f) => [f.id, f.code])).toEqual([
      ["no-such-run", "NOT_FOUND"],
      [t.runs.cancelled, "CONFLICT"],
    ]);
    for (const id of ids) expect(await status(id)).toBe("CANCELLED");
  });

  it("bulk cancels by filter after checking the confirmed count (409 on a mismatch, nothing changed)", async () => {
    const created = [];
    for (const text of ["x", "y", "z"]) {
      created.push(await t.sf.run(waiting, { text }, { metadata: { bulk: "filter" } }));
    }
    const filter = { status: ["PENDING"], workflow: ["waiting"] };
    const count = await t.call<{ total: number }>(
      "/api/runs/count?status=PENDING&workflow=waiting",
    );
    expect(count.body.total).toBe(3);
    const byField = await t.call<{ total: number }>(
      "/api/runs/count?field=metadata.bulk&value=filter",
    );
    expect(byField.body.total).toBe(3);
    const mismatch = await t.post<ErrorReply>("/api/runs/bulk", {
      action: "cancel",
      filter,
      expectedCount: 2,
    });
    expect(mismatch.status).toBe(409);
    expect(mismatch.body.error.code).toBe("CONFLICT");
    expect(mismatch.body.error.details).toEqual({ expectedCount: 2, matched: 3 });
    for (const run of created) expect(await status(run.id)).toBe("PENDING");
    const done = await t.post<BulkReply>("/api/runs/bulk", {
      action: "cancel",
      filter,
      expectedCount: 3,
    });
    expect(done.body).toEqual({ matched: 3, succeeded: 3, failed: [] });
    for (const run of created) expect(await status(run.id)).toBe("CANCELLED");
    const byFieldAgain = await t.post<BulkReply>("/api/runs/bulk", {
      action: "cancel",
      filter: { field: "metadata.bulk", value: "filter" },
      expectedCount: 3,
    });
    expect(byFieldAgain.body.matched).toBe(3);
    expect(byFieldAgain.body.failed.map((f) => f.code)).toEqual([
      "CONFLICT",
      "CONFLICT",
      "CONFLICT",
    ]);
    const none = await t.post<BulkReply>("/api/runs/bulk", {
      action: "retry",
      filter: { status: ["FAILED"] },
    });
    expect(none.body).toEqual({ matched: 0, succeeded: 0, failed: [] });
  });

  it("bulk retries and reruns by filter and ids", async () => {
    switches.fixed = false;
    const failing = await startWorker(t.db.url);
    let failedIds: string[];
    try {
      const runs = await Promise.all(
        ["one fail", "two fail"].map((text) =>
          failing.run(report, { text }, { metadata: { bulk: "retry" } }),
        ),
      );
      await Promise.all(runs.map((run) => run.result().catch(() => undefined)));
      failedIds = runs.map((run) => run.id);
    } finally {
      await failing.close();
    }
    for (const id of failedIds) expect(await status(id)).toBe("FAILED");
    switches.fixed = true;
    const retried = await t.post<BulkReply>("/api/runs/bulk", {
      action: "retry",
      filter: { status: ["FAILED"], workflow: ["report"] },
      expectedCount: 2,
    });
    expect(retried.body).toEqual({ matched: 2, succeeded: 2, failed: [] });
    for (const id of failedIds) expect(await status(id)).toBe("RUNNING");
    const worker = await startWorker(t.db.url);
    try {
      await waitUntil("retried runs completed", async () => {
        for (const id of failedIds) if ((await status(id)) !== "COMPLETED") return false;
        return true;
      });
      const rerun = await t.post<BulkReply>("/api/runs/bulk", {
        action: "rerun",
        ids: failedIds,
        fromStageId: "count",
      });
      expect(rerun.body).toEqual({ matched: 2, succeeded: 2, failed: [] });
      await waitUntil("rerun runs completed", async () => {
        for (const id of failedIds) if ((await status(id)) !== "COMPLETED") return false;
        return true;
      });
    } finally {
      await worker.close();
    }
  });

  it("refuses malformed bulk bodies with 400", async () => {
    for (const body of [
      { action: "cancel" },
      { action: "cancel", ids: ["a"], filter: {} },
      { action: "explode", ids: ["a"] },
      { action: "rerun", ids: ["a"] },
      { action: "cancel", ids: ["a"], fromStageId: "x" },
      { action: "cancel", ids: [] },
      { action: "cancel", ids: Array.from({ length: 1001 }, (_, i) => `r${i}`) },
      { action: "cancel", filter: { status: ["DONE"] } },
      { action: "cancel", filter: { nope: 1 } },
      { action: "cancel", ids: ["a"], expectedCount: -1 },
    ]) {
      const reply = await t.post<ErrorReply>("/api/runs/bulk", body);
      expect({ body: JSON.stringify(body).slice(0, 80), status: reply.status }).toEqual({
        body: JSON.stringify(body).slice(0, 80),
        status: 400,
      });
      expect(reply.body.error.code).toBe("INVALID_PARAMETER");
    }
    const notJson = await t.dashboard.fetch(
      new Request("http://dashboard.test/api/runs/bulk", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{nope",
      }),
    );
    expect(notJson.status).toBe(400);
  });

  it("replays one dead letter by id, then all of them", async () => {
    const sinkDown = await createStageflow({
      database: t.db.url,
      workflows: WORKFLOWS,
      worker: false,
      migrate: false,
      logger: { info() {}, warn() {}, error() {}, debug() {} },
      plugins: [
        definePlugin({
          name: "sink-down",
          handlers: {
            "workflow:created": () => {
              throw new Error("the sink is down");
            },
          },
        }),
      ],
      kernel: { outbox: { maxRetries: 1 } },
    });
    try {
      for (const text of ["d1", "d2"]) await sinkDown.run(waiting, { text });
      for (let i = 0; i < 5; i += 1) await sinkDown.kernel.dispatch({ type: "outbox.flush" });
    } finally {
      await sinkDown.close();
    }
    const list = async () =>
      (await t.call<{ events: { id: string }[] }>("/api/dlq")).body.events.map((e) => e.id);
    const before = await list();
    expect(before).toHaveLength(3);
    const target = before[1]!;
    const one = await t.post<{ replayed: number }>("/api/dlq/replay", { eventIds: [target] });
    expect(one).toMatchObject({ status: 200, body: { replayed: 1 } });
    expect(await list()).toEqual(before.filter((id) => id !== target));
    const bad = await t.post<ErrorReply>("/api/dlq/replay", { eventIds: [] });
    expect(bad.status).toBe(400);
    const all = await t.post<{ replayed: number }>("/api/dlq/replay", {});
    expect(all.body).toEqual({ replayed: 2 });
    expect(await list()).toEqual([]);
  });
});
