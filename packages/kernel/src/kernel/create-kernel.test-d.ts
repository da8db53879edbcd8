import { describe, expectTypeOf, it } from "vitest";
import type {
  JobExecuteResult,
  OutboxFlushResult,
  RunCreateResult,
} from "../commands/command-types";
import type { Kernel } from "./create-kernel";

declare const kernel: Kernel;

describe("Kernel.dispatch", () => {
  it("is typed per command", () => {
    expectTypeOf(
      kernel.dispatch({ type: "run.create", workflowId: "wf", input: {} }),
    ).resolves.toEqualTypeOf<RunCreateResult>();
    expectTypeOf(
      kernel.dispatch({ type: "outbox.flush" }),
    ).resolves.toEqualTypeOf<OutboxFlushResult>();
    expectTypeOf(
      kernel.dispatch({
        type: "job.execute",
        jobId: "j",
        workflowRunId: "r",
        workflowId: "wf",
        stageId: "s",
        workerId: "w",
      }),
    ).resolves.toEqualTypeOf<JobExecuteResult>();
  });

  it("rejects unknown commands and missing fields at compile time", () => {
    // @ts-expect-error unknown command type
    void kernel.dispatch({ type: "run.explode" });
    // @ts-expect-error run.create needs a workflowId
    void kernel.dispatch({ type: "run.create", input: {} });
  });
});
