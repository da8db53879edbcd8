import {
  type CommandResult,
  createRunQueries,
  type JobExecuteResult,
  type JobRecord,
  type Kernel,
  type KernelCommand,
} from "@stageflow/kernel";
import { FakeClock, InMemoryJobTransport, InMemoryPersistence } from "@stageflow/testing";
import { describe, expect, it, vi } from "vitest";
import type { ExecuteJobContext } from "./execute-job";
import { handleJob, NOT_CLAIMABLE_REASON } from "./handle-job";
import { jobMessageFor } from "./job-message";

/** A kernel that records commands and answers `job.execute` with `answer`. */
function recordingKernel(answer: () => JobExecuteResult): Kernel & { commands: KernelCommand[] } {
  const commands: KernelCommand[] = [];
  return {
    commands,
    query: createRunQueries(new InMemoryPersistence()),
    async dispatch<C extends KernelCommand>(command: C): Promise<CommandResult<C>> {
      commands.push(command);
      return answer() as CommandResult<C>;
    },
  };
}

async function setup(answer: () => JobExecuteResult = () => ({ outcome: "completed" })) {
  const clock = new FakeClock();
  const persistence = new InMemoryPersistence();
  const transport = new InMemoryJobTransport(persistence);
  const run = await persistence.createRun({
    workflowId: "wf",
    input: {},
    config: {},
    priority: 5,
    metadata: null,
    now: clock.now(),
  });
  const enqueue = async (stageId: string, priority: number, availableAt = clock.now()) => {
    const [job] = await persistence.enqueueJobs([
      {
        workflowRunId: run.id,
        workflowId: "wf",
        stageId,
        priority,
        attempt: 1,
        maxAttempts: 3,
        availableAt,
        now: clock.now(),
      },
    ]);
    return job as JobRecord;
  };
  const kernel = recordingKernel(answer);
  const context: ExecuteJobContext = {
    kernel,
    transport,
    workerId: "lambda",
    clock,
    logger: undefined,
  };
  return { clock, persistence, transport, kernel, context, enqueue };
}

describe("handleJob", () => {
  it("leases exactly the message's job (not the next due one) and executes it", async () => {
    const { persistence, kernel, context, enqueue } = await setup(() => ({
      outcome: "suspended",
    }));
    const low = await enqueue("low", 1);
    const high = await enqueue("high", 9);
    await expect(handleJob(context, jobMessageFor(low))).resolves.toEqual({ outcome: "suspended" });
    expect(kernel.commands).toEqual([
      {
        type: "job.execute",
        jobId: low.id,
        workflowRunId: low.workflowRunId,
        workflowId: "wf",
        stageId: "low",
        workerId: "lambda",
      },
    ]);
    expect(await persistence.getJob(low.id)).toMatchObject({
      status: "RUNNING",
      lockedBy: "lambda",
    });
    expect((await persistence.getJob(high.id))?.status).toBe("PENDING");
  });

  it("maps the kernel's result, keeping only the fields it set", async () => {
    const { context, enqueue } = await setup(() => ({
      outcome: "failed",
      error: "boom",
      willRetry: true,
    }));
    const job = await enqueue("s", 5);
    await expect(handleJob(context, jobMessageFor(job))).resolves.toEqual({
      outcome: "failed",
      error: "boom",
      willRetry: true,
    });
  });

  it("reports a deferred attempt (the kernel rescheduled it) as skipped, with the reason", async () => {
    const { context, enqueue } = await setup(() => ({ outcome: "deferred", willRetry: true }));
    const job = await enqueue("s", 5);
    await expect(handleJob(context, jobMessageFor(job))).resolves.toEqual({
      outcome: "skipped",
      reason: "deferred: the stage waits for AI rate-limit capacity",
      willRetry: true,
    });
  });

  it("skips, dispatching nothing, a job leased by another worker", async () => {
    const { clock, persistence, transport, kernel, context, enqueue } = await setup();
    const job = await enqueue("s", 5);
    await transport.dequeue({ workerId: "elsewhere", limit: 1, now: clock.now() });
    await expect(handleJob(context, jobMessageFor(job))).resolves.toEqual({
      outcome: "skipped",
      reason: NOT_CLAIMABLE_REASON,
    });
    expect(kernel.commands).toEqual([]);
    expect((await persistence.getJob(job.id))?.lockedBy).toBe("elsewhere");
  });

  it("skips a redelivered message of a finished or cancelled job, and an unknown job", async () => {
    const { clock, persistence, transport, kernel, context, enqueue } = await setup();
    const job = await enqueue("s", 5);
    await transport.claim({ workerId: "lambda", jobId: job.id, now: clock.now() });
    await persistence.completeJob(job.id, clock.now(), { workerId: "lambda" });
    await expect(handleJob(context, jobMessageFor(job))).resolves.toMatchObject({
      outcome: "skipped",
    });
    const other = await enqueue("t", 5);
    await persistence.cancelJobsByRun(other.workflowRunId, clock.now());
    await expect(handleJob(context, jobMessageFor(other))).resolves.toMatchObject({
      outcome: "skipped",
    });
    await expect(
      handleJob(context, { ...jobMessageFor(job), jobId: "no-such-job" }),
    ).resolves.toMatchObject({ outcome: "skipped" });
    expect(kernel.commands).toEqual([]);
  });

  it("skips a job that is not due yet, and runs it once it is", async () => {
    const { clock, kernel, context, enqueue } = await setup();
    const job = await enqueue("s", 5, new Date(clock.now().getTime() + 60_000));
    await expect(handleJob(context, jobMessageFor(job))).resolves.toMatchObject({
      outcome: "skipped",
    });
    expect(kernel.commands).toEqual([]);
    clock.advance(60_000);
    await expect(handleJob(context, jobMessageFor(job))).resolves.toEqual({ outcome: "completed" });
    expect(kernel.commands).toHaveLength(1);
  });

  it("runs a job once when the same message is delivered twice at once", async () => {
    const { context, kernel, enqueue } = await setup();
    const job = await enqueue("s", 5);
    const results = await Promise.all([
      handleJob(context, jobMessageFor(job)),
      handleJob(context, jobMessageFor(job)),
    ]);
    expect(results.map((result) => result.outcome).sort()).toEqual(["completed", "skipped"]);
    expect(kernel.commands).toHaveLength(1);
  });

  it("reports a failing claim as failed without dispatching", async () => {
    const { transport, kernel, context, enqueue } = await setup();
    const job = await enqueue("s", 5);
    vi.spyOn(transport, "claim").mockRejectedValue(new Error("ECONNREFUSED"));
    await expect(handleJob(context, jobMessageFor(job))).resolves.toEqual({
      outcome: "failed",
      error: "ECONNREFUSED",
    });
    expect(kernel.commands).toEqual([]);
  });

  it("reports a dispatch that throws as failed and releases the lease for the retry", async () => {
    const { persistence, context, enqueue } = await setup(() => {
      throw new Error("connection terminated");
    });
    const job = await enqueue("s", 5);
    await expect(handleJob(context, jobMessageFor(job))).resolves.toEqual({
      outcome: "failed",
      error: "connection terminated",
    });
    expect(await persistence.getJob(job.id)).toMatchObject({ status: "PENDING", lockedBy: null });
    await expect(handleJob(context, jobMessageFor(job))).resolves.toMatchObject({
      outcome: "failed",
    });
  });
});
