import { InvalidHostOptionsError, systemClock } from "@stageflow/kernel";
import { FakeKernel } from "@stageflow/test-support";
import { describe, expect, it } from "vitest";
import { createNodeHost } from "./create-node-host";
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
  it.each([undefined, null, "options", 5])("rejects %o as the options object", (options) => {
    expect(() => resolveNodeHostOptions(options as unknown as NodeHostOptions)).toThrow(
      expect.objectContaining({ code: "INVALID_HOST_OPTIONS", option: "options" }),
    );
  });

  it("makes createNodeHost(undefined) throw InvalidHostOptionsError, not a TypeError", () => {
    expect(() => createNodeHost(undefined as unknown as NodeHostOptions)).toThrow(
      InvalidHostOptionsError,
    );
  });

  it("accepts a full, valid set of options", () => {
    const source = { subscribe: async () => async () => {} };
    const logger = { info() {}, warn() {}, error() {}, debug() {} };
    expect(
      resolveNodeHostOptions({
        ...base,
        jobTransport: {
          ...transport,
          capabilities: { supportsSkipLocked: true, supportsWakeups: true },
          subscribe: source.subscribe,
        },
        orchestrationIntervalMs: 2 ** 31 - 1,
        staleLeaseThresholdMs: 2 ** 40,
        retryBackoff: { initialMs: 10, maxMs: 20 },
        wakeups: { runs: source, outbox: source },
        logger,
        clock: { now: () => new Date(0) },
        handleSignals: false,
      }),
    ).toMatchObject({ heartbeatIntervalMs: 2 ** 31 - 1, handleSignals: false });
  });

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
    // Above 2^31 - 1 ms Node fires a timer after 1 ms: a busy loop.
    [{ jobPollIntervalMs: 2 ** 31 }, "jobPollIntervalMs"],
    [{ orchestrationIntervalMs: 30 * 86_400_000 }, "orchestrationIntervalMs"],
    [{ heartbeatIntervalMs: 2 ** 31, staleLeaseThresholdMs: 2 ** 33 }, "heartbeatIntervalMs"],
    [{ shutdownTimeoutMs: 2 ** 32 }, "shutdownTimeoutMs"],
    [{ retryBackoff: { maxMs: 2 ** 31 } }, "retryBackoff.maxMs"],
    [{ retryBackoff: { initialMs: "250" } }, "retryBackoff.initialMs"],
    [{ retryBackoff: 5 }, "retryBackoff"],
    [{ retryBackoff: "fast" }, "retryBackoff"],
    [{ staleLeaseThresholdMs: "60000" }, "staleLeaseThresholdMs"],
    [{ stuckRunThresholdMs: 1e16 }, "stuckRunThresholdMs"],
    [{ concurrency: 2 ** 31 }, "concurrency"],
    [{ maxOutboxFlushPerTick: "100" }, "maxOutboxFlushPerTick"],
    [{ clock: {} }, "clock"],
    [{ clock: { now: 5 } }, "clock"],
    [{ logger: {} }, "logger"],
    [{ logger: "console" }, "logger"],
    [{ logger: { info() {}, warn() {}, error() {} } }, "logger"],
    [{ wakeups: 1 }, "wakeups"],
    [{ wakeups: { runs: {} } }, "wakeups.runs"],
    [{ wakeups: { outbox: () => {} } }, "wakeups.outbox"],
    [{ handleSignals: "no" }, "handleSignals"],
    [{ jobTransport: { ...transport, heartbeat: undefined } }, "jobTransport"],
    [{ jobTransport: { ...transport, release: 1 } }, "jobTransport"],
    [{ jobTransport: { ...transport, capabilities: undefined } }, "jobTransport.capabilities"],
    [
      {
        jobTransport: {
          ...transport,
          capabilities: { supportsSkipLocked: true, supportsWakeups: true },
        },
      },
      "jobTransport",
    ],
    [{ workerId: 7 }, "workerId"],
    [{ workerId: "w\u0000" }, "workerId"],
    [{ workerId: "w".repeat(513) }, "workerId"],
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
