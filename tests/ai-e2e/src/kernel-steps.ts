/**
 * Kernel steps for the end-to-end tests, dispatched one at a time the way a host would: execute
 * the next due job, poll suspended stages after moving the FakeClock, flush the outbox, and
 * gather everything a run left behind (to check that no secret reached it).
 */
import type { TestKernel } from "@stageflow/testing";

/** Dequeues the next due job and dispatches `job.execute` for it. */
export async function executeNextJob(t: TestKernel) {
  const now = t.clock.now();
  const [job] = await t.jobTransport.dequeue({ workerId: t.workerId, limit: 1, now });
  if (!job) throw new Error("no job is due");
  const result = await t.kernel.dispatch({
    type: "job.execute",
    jobId: job.id,
    workflowRunId: job.workflowRunId,
    workflowId: job.workflowId,
    stageId: job.stageId,
    workerId: t.workerId,
  });
  return { stageId: job.stageId, ...result };
}

/** Moves the clock by `ms`, then dispatches `stage.pollSuspended`. */
export async function pollAfter(t: TestKernel, ms: number) {
  t.clock.advance(ms);
  return t.kernel.dispatch({ type: "stage.pollSuspended" });
}

/** Publishes every pending outbox event. */
export async function flushOutbox(t: TestKernel): Promise<void> {
  while ((await t.kernel.dispatch({ type: "outbox.flush", workerId: t.workerId })).published > 0) {
    // Until nothing is left.
  }
}

/** The run, its stages, logs, outbox, published events, blobs and AI call records, as JSON text. */
export async function persistedText(
  t: TestKernel,
  workflowRunId: string,
  aiRecords: readonly unknown[],
): Promise<string> {
  const keys = await t.blobStore.list("");
  return JSON.stringify({
    run: await t.persistence.getRun(workflowRunId),
    stages: await t.persistence.getStagesByRun(workflowRunId),
    logs: await t.persistence.getLogs(workflowRunId),
    outbox: await t.persistence.getOutboxEvents(workflowRunId),
    events: t.eventSink.events,
    blobs: await Promise.all(keys.map(async (key) => [key, await t.blobStore.get(key)])),
    aiRecords,
  });
}
