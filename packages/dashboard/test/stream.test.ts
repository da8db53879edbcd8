import { createStageflow, type Kernel } from "@stageflow/engine";
import { describe, expect, it } from "vitest";
import { serveDashboard } from "../src/serve-dashboard";
import { WORKFLOWS, waiting } from "./fixtures/workflows";
import { DIALECTS } from "./helpers/databases";
import { ORIGIN, useSeededDashboard } from "./helpers/seeded-dashboard";
import { SseReader } from "./helpers/sse-reader";

/** The kernel with its `listEvents` reads counted. */
function countingKernel(kernel: Kernel): { kernel: Kernel; reads: () => number } {
  let reads = 0;
  const query = {
    ...kernel.query,
    listEvents: (options?: Parameters<Kernel["query"]["listEvents"]>[0]) => {
      reads += 1;
      return kernel.query.listEvents(options);
    },
  };
  return { kernel: { dispatch: kernel.dispatch.bind(kernel), query }, reads: () => reads };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(DIALECTS)("GET /api/stream on $name", (dialect) => {
  const t = useSeededDashboard(dialect.open);

  it("sends the events another kernel writes to the same database, then stops polling when the client leaves", async () => {
    const counted = countingKernel(t.sf.kernel);
    const dashboard = t.with({ kernel: counted.kernel, pollIntervalMs: 20 });
    const response = await dashboard.fetch(new Request(`${ORIGIN}/api/stream`));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = new SseReader(response.body!);
    const other = await createStageflow({
      database: t.db.url,
      workflows: WORKFLOWS,
      worker: false,
      migrate: false,
    });
    let runId: string;
    try {
      runId = (await other.run(waiting, { text: "live" })).id;
      await other.kernel.dispatch({ type: "run.cancel", workflowRunId: runId });
    } finally {
      await other.close();
    }
    // The first message is the new run's: nothing written before the connection is sent.
    const created = await reader.next(() => true);
    expect(created.event).toBe("run");
    expect(JSON.parse(created.data)).toEqual({
      workflowRunId: runId,
      type: "workflow:created",
      workflowId: "waiting",
      status: "PENDING",
    });
    const events = await t.sf.kernel.query.listEvents({ workflowRunId: runId, order: "oldest" });
    expect(created.id).toBe(events.events[0]?.id);
    const cancelled = await reader.next((m) => JSON.parse(m.data).workflowRunId === runId);
    expect(JSON.parse(cancelled.data)).toMatchObject({
      type: "workflow:cancelled",
      status: "CANCELLED",
    });
    expect(cancelled.id).toBe(events.events[1]?.id);
    expect(reader.comments).toContain(": connected");
    await reader.cancel();
    await pause(60);
    const afterCancel = counted.reads();
    await pause(200);
    expect(counted.reads()).toBe(afterCancel);
  });

  it("resumes after Last-Event-ID, sending only later events, once each", async () => {
    const [first, second] = [
      await t.sf.run(waiting, { text: "r1" }),
      await t.sf.run(waiting, { text: "r2" }),
    ];
    const firstEvent = (await t.sf.kernel.query.listEvents({ workflowRunId: first.id })).events[0]!;
    const secondEvent = (await t.sf.kernel.query.listEvents({ workflowRunId: second.id }))
      .events[0]!;
    const dashboard = t.with({ pollIntervalMs: 20 });
    const response = await dashboard.fetch(
      new Request(`${ORIGIN}/api/stream`, { headers: { "last-event-id": firstEvent.id } }),
    );
    const reader = new SseReader(response.body!);
    const next = await reader.next(() => true);
    expect(next.id).toBe(secondEvent.id);
    const third = await t.sf.run(waiting, { text: "r3" });
    const after = await reader.next(() => true);
    expect(JSON.parse(after.data).workflowRunId).toBe(third.id);
    await reader.cancel();
  });

  it("over HTTP (serveDashboard): streams, and stops polling when the request is aborted", async () => {
    const counted = countingKernel(t.sf.kernel);
    const served = await serveDashboard({ kernel: counted.kernel, port: 0, pollIntervalMs: 20 });
    try {
      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const abort = new AbortController();
      const response = await fetch(`${served.url}api/stream`, { signal: abort.signal });
      expect(response.status).toBe(200);
      const reader = new SseReader(response.body!);
      const run = await t.sf.run(waiting, { text: "over http" });
      const message = await reader.next((m) => JSON.parse(m.data).workflowRunId === run.id);
      expect(JSON.parse(message.data).type).toBe("workflow:created");
      abort.abort();
      await reader.cancel().catch(() => undefined);
      await pause(100);
      const afterAbort = counted.reads();
      await pause(200);
      expect(counted.reads()).toBe(afterAbort);
      const meta = await fetch(`${served.url}api/meta`);
      expect(((await meta.json()) as { title: string }).title).toBe("Stageflow");
    } finally {
      await served.close();
    }
  });
});
