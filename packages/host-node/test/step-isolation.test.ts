import { FakeKernel } from "@stageflow/test-support";
import { describe, expect, it, vi } from "vitest";
import { createNodeHost } from "../src/index";

describe("a failing orchestration step", () => {
  it("is logged and retried while the other steps keep running", async () => {
    const kernel = new FakeKernel().on("run.claimPending", () => {
      throw new Error("claim query failed");
    });
    const warn = vi.fn();
    const host = createNodeHost({
      kernel,
      jobTransport: {
        capabilities: { supportsSkipLocked: true, supportsWakeups: false },
        dequeue: async () => [],
        claim: async () => null,
        heartbeat: async () => [],
        release: async () => 0,
        releaseStale: async () => 0,
        enqueue: async () => [],
      },
      workerId: "isolated",
      orchestrationIntervalMs: 5,
      jobPollIntervalMs: 5,
      retryBackoff: { initialMs: 1, maxMs: 5 },
      handleSignals: false,
      logger: { info() {}, debug() {}, error() {}, warn },
    });
    await host.start();
    await vi.waitFor(() => {
      const types = kernel.types();
      expect(types.filter((type) => type === "run.claimPending").length).toBeGreaterThan(3);
      expect(types.filter((type) => type === "outbox.flush").length).toBeGreaterThan(3);
      expect(types.filter((type) => type === "lease.reapStale").length).toBeGreaterThan(3);
      expect(types.filter((type) => type === "run.reapStuck").length).toBeGreaterThan(3);
    });
    expect(host.getStats()).toMatchObject({ isRunning: true });
    expect(host.getStats().errors).toBeGreaterThan(0);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ loop: "run claim", workerId: "isolated" }),
      "run claim failed; retrying",
    );
    await host.stop();
  });
});
