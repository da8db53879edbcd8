import { describe, expect, it } from "vitest";
import { expectStageflowError } from "./helpers/expect-error";
import { createHarness } from "./helpers/harness";
import { linearWorkflow } from "./helpers/workflows";

async function nothingWritten(h: ReturnType<typeof createHarness>) {
  expect(await h.persistence.listRuns({})).toEqual([]);
  expect(await h.kernel.dispatch({ type: "outbox.flush" })).toEqual({ published: 0 });
}

describe("run.create", () => {
  it("writes a PENDING run and its workflow:created event in one transaction", async () => {
    const h = createHarness([linearWorkflow()]);
    const result = await h.kernel.dispatch({
      type: "run.create",
      workflowId: "linear",
      input: { text: "hi" },
      priority: 8,
      metadata: { userId: "u-1" },
    });
    expect(result.status).toBe("PENDING");
    const run = await h.run(result.workflowRunId);
    expect(run).toMatchObject({
      status: "PENDING",
      workflowId: "linear",
      input: { text: "hi" },
      priority: 8,
      metadata: { userId: "u-1" },
      currentGroup: null,
    });
    const outbox = await h.persistence.getOutboxEvents(result.workflowRunId);
    expect(outbox.map((e) => [e.type, e.sequence, e.payload.priority])).toEqual([
      ["workflow:created", 1, 8],
    ]);
  });

  it("stores the merged config: stage defaults overlaid by the caller's values", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "x" }, { config: { b: { label: "B!" } } });
    const run = await h.run(runId);
    expect(run.config).toEqual({ a: { label: "a" }, b: { label: "B!" }, c: { label: "c" } });
    const finished = await h.drive(runId);
    expect((finished.output as { saw: { by: string } }).saw.by).toBe("B!");
  });

  it("rejects an unknown workflow with WorkflowNotFoundError and writes nothing", async () => {
    const h = createHarness([linearWorkflow()]);
    const error = await expectStageflowError(
      h.kernel.dispatch({ type: "run.create", workflowId: "nope", input: {} }),
    );
    expect(error.code).toBe("WORKFLOW_NOT_FOUND");
    expect(error.name).toBe("WorkflowNotFoundError");
    await nothingWritten(h);
  });

  it("rejects input failing the workflow's input schema with a ValidationError", async () => {
    const h = createHarness([linearWorkflow()]);
    const error = await expectStageflowError(
      h.kernel.dispatch({ type: "run.create", workflowId: "linear", input: { text: 42 } }),
    );
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toContain("text");
    await nothingWritten(h);
  });

  it("rejects a merged config failing a stage schema, naming the stage, with no fallback", async () => {
    const h = createHarness([linearWorkflow()]);
    const error = await expectStageflowError(
      h.kernel.dispatch({
        type: "run.create",
        workflowId: "linear",
        input: { text: "x" },
        config: { b: { label: 7 } },
      }),
    );
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toContain('stage "b"');
    expect(error.message).not.toContain('stage "a"');
    await nothingWritten(h);
  });

  it("rejects config for a stage the workflow does not have", async () => {
    const h = createHarness([linearWorkflow()]);
    const error = await expectStageflowError(
      h.kernel.dispatch({
        type: "run.create",
        workflowId: "linear",
        input: { text: "x" },
        config: { zzz: {} },
      }),
    );
    expect(error.message).toContain('"zzz"');
    await nothingWritten(h);
  });

  it("rejects input that is not JSON (e.g. a BigInt) before writing", async () => {
    const h = createHarness([linearWorkflow()]);
    const error = await expectStageflowError(
      h.kernel.dispatch({
        type: "run.create",
        workflowId: "linear",
        input: { text: "x" },
        metadata: { big: 1n },
      }),
    );
    expect(error.code).toBe("NOT_JSON_SERIALIZABLE");
    await nothingWritten(h);
  });

  it("defaults the priority to 5", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "x" });
    expect((await h.run(runId)).priority).toBe(5);
  });
});
