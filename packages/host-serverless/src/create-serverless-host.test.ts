import { isStageflowError } from "@stageflow/kernel";
import { FakeKernel } from "@stageflow/test-support";
import { describe, expect, it } from "vitest";
import { FakeTransport, jobRecord } from "../test/fixtures/fake-transport";
import { createServerlessHost } from "./create-serverless-host";
import type { ServerlessHostOptions } from "./serverless-host-options";

const message = {
  jobId: "j1",
  workflowRunId: "r1",
  workflowId: "wf",
  stageId: "s1",
  attempt: 1,
  maxAttempts: 3,
  payload: {},
};

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return isStageflowError(error) ? error.code : "not a StageflowError";
  }
  return undefined;
}

describe("createServerlessHost", () => {
  const base: ServerlessHostOptions = {
    kernel: new FakeKernel(),
    jobTransport: new FakeTransport(),
    workerId: "lambda",
  };

  it.each([
    { workerId: "" },
    { kernel: undefined },
    { jobTransport: undefined },
    { jobTransport: { dequeue: async () => [] } }, // a transport without claim
    { maxClaimsPerTick: 0 },
    { maxOutboxFlushPerTick: 1.5 },
    { staleLeaseThresholdMs: -5 },
    { stuckRunThresholdMs: Number.POSITIVE_INFINITY },
  ])("rejects the option %o", (options) => {
    expect(
      codeOf(() => createServerlessHost({ ...base, ...options } as ServerlessHostOptions)),
    ).toBe("INVALID_HOST_OPTIONS");
  });

  it.each([
    [undefined, "options"],
    [null, "options"],
    ["lambda", "options"],
  ])("rejects %o as the options object, naming %s", (options, option) => {
    expect(() => createServerlessHost(options as unknown as ServerlessHostOptions)).toThrow(
      expect.objectContaining({ code: "INVALID_HOST_OPTIONS", option }),
    );
  });

  it.each([
    [{ clock: {} }, "clock"],
    [{ clock: { now: "today" } }, "clock"],
    [{ logger: {} }, "logger"],
    [{ logger: 1 }, "logger"],
    [{ jobTransport: { dequeue: async () => [], claim: async () => null } }, "jobTransport"],
    [{ workerId: "lambda\u0000" }, "workerId"],
    [{ workerId: "x".repeat(513) }, "workerId"],
    [{ workerId: 5 }, "workerId"],
    [{ staleLeaseThresholdMs: "60000" }, "staleLeaseThresholdMs"],
    [{ stuckRunThresholdMs: 1e16 }, "stuckRunThresholdMs"],
    [{ maxClaimsPerTick: 2 ** 31 }, "maxClaimsPerTick"],
    [{ maxSuspendedChecksPerTick: "10" }, "maxSuspendedChecksPerTick"],
  ])("rejects %o up front, naming %s", (options, option) => {
    expect(() => createServerlessHost({ ...base, ...options } as ServerlessHostOptions)).toThrow(
      expect.objectContaining({ code: "INVALID_HOST_OPTIONS", option }),
    );
  });

  it("accepts a clock, a logger and thresholds of the right shape", () => {
    const logger = { warn() {}, debug() {} };
    expect(() =>
      createServerlessHost({
        ...base,
        clock: { now: () => new Date(0) },
        logger,
        staleLeaseThresholdMs: 2 ** 40,
      }),
    ).not.toThrow();
  });

  it("rejects a malformed message with InvalidJobMessageError", async () => {
    const host = createServerlessHost(base);
    await expect(host.handleJob({ ...message, jobId: "" })).rejects.toMatchObject({
      code: "INVALID_JOB_MESSAGE",
      field: "jobId",
    });
    await expect(host.handleJob(null as never)).rejects.toMatchObject({
      code: "INVALID_JOB_MESSAGE",
    });
  });

  it("rejects maxJobs that is not a positive integer", async () => {
    const host = createServerlessHost(base);
    await expect(host.processAvailableJobs({ maxJobs: 0 })).rejects.toMatchObject({
      code: "INVALID_HOST_OPTIONS",
      option: "maxJobs",
    });
    await expect(host.processAvailableJobs({ maxJobs: 2, concurrency: 0 })).rejects.toMatchObject({
      option: "concurrency",
    });
    await expect(host.processAvailableJobs(undefined as never)).rejects.toMatchObject({
      code: "INVALID_HOST_OPTIONS",
      option: "processAvailableJobs options",
    });
    await expect(host.processAvailableJobs({} as never)).rejects.toMatchObject({
      option: "maxJobs",
    });
  });

  it("processes available jobs until the queue is empty or maxJobs ran, counting outcomes", async () => {
    const outcomes = ["completed", "failed", "suspended", "skipped"];
    const kernel = new FakeKernel().on("job.execute", () => ({ outcome: outcomes.shift() }));
    const transport = new FakeTransport(["a", "b", "c", "d", "e"].map((id) => jobRecord(id)));
    const host = createServerlessHost({ kernel, jobTransport: transport, workerId: "lambda" });
    await expect(host.processAvailableJobs({ maxJobs: 4 })).resolves.toEqual({
      processed: 4,
      succeeded: 2,
      failed: 1,
    });
    expect(transport.queue.map((job) => job.id)).toEqual(["e"]);
    await expect(host.processAvailableJobs({ maxJobs: 10, concurrency: 3 })).resolves.toMatchObject(
      {
        processed: 1,
      },
    );
  });

  it("ends processAvailableJobs early when dequeue fails, without rejecting", async () => {
    const transport = new FakeTransport();
    transport.dequeueError = new Error("ECONNREFUSED");
    const host = createServerlessHost({
      kernel: new FakeKernel(),
      jobTransport: transport,
      workerId: "lambda",
    });
    await expect(host.processAvailableJobs({ maxJobs: 5 })).resolves.toEqual({
      processed: 0,
      succeeded: 0,
      failed: 0,
    });
  });

  it("leaves no timer or other handle behind after an invocation", async () => {
    const before = process.getActiveResourcesInfo().filter((name) => name === "Timeout").length;
    const kernel = new FakeKernel().on("job.execute", () => ({ outcome: "completed" }));
    const host = createServerlessHost({
      kernel,
      jobTransport: new FakeTransport([jobRecord("j1"), jobRecord("j2")]),
      workerId: "lambda",
    });
    await host.handleJob(message);
    await host.processAvailableJobs({ maxJobs: 5 });
    await host.runMaintenanceTick();
    expect(process.getActiveResourcesInfo().filter((name) => name === "Timeout")).toHaveLength(
      before,
    );
  });
});
