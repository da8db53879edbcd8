import type { CommitSnapshot, JobRecord } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import { createHarness, type Harness } from "./helpers/harness";
import { linearWorkflow } from "./helpers/workflows";

/** A dequeued first job of a new linear run and the snapshot a dequeue would read with it. */
async function dequeuedWithSnapshot(
  h: Harness,
): Promise<{ job: JobRecord; snapshot: CommitSnapshot }> {
  const runId = await h.create("linear", { text: "x" });
  await h.claim();
  const job = await h.dequeue();
  const run = await h.persistence.getRun(runId);
  if (job === undefined || run === null) throw new Error("nothing dequeued");
  return { job, snapshot: { run, job, stages: await h.persistence.getStagesByRun(runId) } };
}

const executeWith = (h: Harness, job: JobRecord, snapshot: CommitSnapshot, workerId = "worker-1") =>
  h.kernel.dispatch({
    type: "job.execute",
    jobId: job.id,
    workflowRunId: job.workflowRunId,
    workflowId: job.workflowId,
    stageId: job.stageId,
    workerId,
    snapshot,
  });

describe("job.execute with the snapshot a dequeue read", () => {
  it("runs the job with it (ignored by a persistence that cannot speculate)", async () => {
    const h = createHarness([linearWorkflow()]);
    const { job, snapshot } = await dequeuedWithSnapshot(h);
    expect((await executeWith(h, job, snapshot)).outcome).toBe("completed");
    expect((await h.persistence.getJob(job.id))?.status).toBe("COMPLETED");
  });

  it("refuses a snapshot of another job, run or worker, and writes nothing", async () => {
    const h = createHarness([linearWorkflow()]);
    const { job, snapshot } = await dequeuedWithSnapshot(h);
    const other = await dequeuedWithSnapshot(h);
    const stagesBefore = await h.persistence.getStagesByRun(job.workflowRunId);
    const eventsBefore = (await h.events(job.workflowRunId)).length;

    const refusals = [
      executeWith(h, job, other.snapshot),
      executeWith(h, job, { ...snapshot, run: other.snapshot.run }),
      executeWith(h, job, snapshot, "intruder"),
      executeWith(h, job, { ...snapshot, job: { ...job, status: "PENDING", lockedBy: null } }),
    ];
    for (const refusal of refusals) {
      await expect(refusal).rejects.toMatchObject({ code: "INVALID_COMMAND", field: "snapshot" });
    }
    expect(await h.persistence.getStagesByRun(job.workflowRunId)).toEqual(stagesBefore);
    expect(await h.persistence.getJob(job.id)).toEqual(job);
    expect(await h.events(job.workflowRunId)).toHaveLength(eventsBefore);
  });
});
