import { createKernel, type KernelCommand } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import { expectStageflowError } from "./helpers/expect-error";
import { createHarness } from "./helpers/harness";

describe("kernel.dispatch", () => {
  it.each(["run.explode", "toString", "__proto__", ""])(
    "rejects the unknown command type %j with UnknownCommandError",
    async (type) => {
      const h = createHarness([]);
      const error = await expectStageflowError(
        h.kernel.dispatch({ type } as unknown as KernelCommand),
      );
      expect(error.code).toBe("UNKNOWN_COMMAND");
      expect(error.name).toBe("UnknownCommandError");
    },
  );

  it("rejects invalid tuning at creation", () => {
    const h = createHarness([]);
    expect(() =>
      createKernel({
        persistence: h.persistence,
        blobStore: h.blobStore,
        jobTransport: h.jobTransport,
        eventSink: h.eventSink,
        clock: h.clock,
        registry: { getWorkflow: () => undefined },
        outbox: { maxRetries: -1 },
      }),
    ).toThrow(/outbox.maxRetries/);
  });
});
