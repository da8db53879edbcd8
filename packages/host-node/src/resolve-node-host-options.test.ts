import { systemClock } from "@stageflow/kernel";
import { FakeKernel } from "@stageflow/test-support";
import { describe, expect, it } from "vitest";
import { InvalidHostOptionsError } from "./errors/invalid-host-options-error";
import type { NodeHostOptions } from "./node-host-options";
import { resolveNodeHostOptions } from "./resolve-node-host-options";

const transport = {
  capabilities: { supportsSkipLocked: true, supportsWakeups: false },
  dequeue: async () => [],
  claim: async () => null,
  heartbeat: async () => [],
  release: async () => 0,
  releaseStale: async () => 0,
  enqueue: async () => [],
};
const base: NodeHostOptions = { kernel: new FakeKernel(), jobTransport: transport, workerId: "w1" };

function problem(options: Partial<NodeHostOptions>): InvalidHostOptionsError {
  try {
    resolveNodeHostOptions({ ...base, ...options } as NodeHostOptions);
  } catch (error) {
    if (error instanceof InvalidHostOptionsError) return error;
    throw error;
  }
  throw new Error("expected an InvalidHostOptionsError");
}

describe("resolveNodeHostOptions", () => {
  it("fills in the documented defaults", () => {
    expect(resolveNodeHostOptions(base)).toMatchObject({
      concurrency: 4,
      orchestrationIntervalMs: 10_000,
      jobPollIntervalMs: 1_000,
      staleLeaseThresholdMs: 60_000,
      heartbeatIntervalMs: 20_000,
      maxClaimsPerTick: 10,
      maxSuspendedChecksPerTick: 10,
      maxOutboxFlushPerTick: 100,
      shutdownTimeoutMs: 30_000,
      stuckRunThresholdMs: undefined,
      handleSignals: true,
      backoff: { initialMs: 250, maxMs: 10_000 },
      clock: systemClock,
    });
  });

  it("derives the heartbeat interval from the stale threshold", () => {
    expect(
      resolveNodeHostOptions({ ...base, staleLeaseThresholdMs: 3_000 }).heartbeatIntervalMs,
    ).toBe(1_000);
  });

  it.each([
    [{ concurrency: 0 }, "concurrency"],
    [{ concurrency: 2.5 }, "concurrency"],
    [{ jobPollIntervalMs: -1 }, "jobPollIntervalMs"],
    [{ orchestrationIntervalMs: Number.NaN }, "orchestrationIntervalMs"],
    [{ maxClaimsPerTick: 0 }, "maxClaimsPerTick"],
    [{ workerId: "  " }, "workerId"],
    [{ kernel: undefined }, "kernel"],
    [{ jobTransport: {} }, "jobTransport"],
    [{ staleLeaseThresholdMs: 1_000, heartbeatIntervalMs: 1_000 }, "heartbeatIntervalMs"],
  ] as const)("rejects %o naming %s", (options, option) => {
    const error = problem(options as Partial<NodeHostOptions>);
    expect(error).toMatchObject({
      code: "INVALID_HOST_OPTIONS",
      option,
      name: "InvalidHostOptionsError",
    });
    expect(error.message).toContain(option);
  });
});
