import { defineStage, isStageflowError, WorkflowBuilder } from "@stageflow/core";
import { createMemoryBackend, createScenarioWorkflows, Probe } from "@stageflow/test-support";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createNodeHost, RunWaitTimeoutError, runAndWait } from "../src/index";
import { TEST_TUNING } from "./fixtures/scenarios";
import { createWorld } from "./fixtures/world";

const Value = z.object({ value: z.number() });

async function setup() {
  const probe = new Probe();
  const failing = new WorkflowBuilder("failing", "Failing", "always fails", Value, Value)
    .pipe(
      defineStage({
        id: "boom",
        name: "Boom",
        schemas: { input: Value, output: Value, config: z.object({}) },
        retry: { maxAttempts: 1 },
        async execute() {
          throw new Error("boom");
        },
      }),
    )
    .build();
  const world = createWorld(await createMemoryBackend(), [
    ...Object.values(createScenarioWorkflows(probe)),
    failing,
  ]);
  return { probe, world };
}

describe("runAndWait", () => {
  it("resolves a failed run with its error instead of rejecting", async () => {
    const { world } = await setup();
    const host = createNodeHost({
      kernel: world.kernel,
      jobTransport: world.backend.jobTransport,
      workerId: "w",
      ...TEST_TUNING,
    });
    await host.start();
    const result = await runAndWait({
      kernel: world.kernel,
      persistence: world.backend.persistence,
      host,
      command: { type: "run.create", workflowId: "failing", input: { value: 1 } },
      timeoutMs: 20_000,
    });
    expect(result).toMatchObject({ status: "FAILED", output: undefined });
    expect(result.error?.message).toContain("boom");
    await host.stop();
  });

  it("rejects with RunWaitTimeoutError when nothing runs the workflow in time", async () => {
    const { world } = await setup();
    const error = await runAndWait({
      kernel: world.kernel,
      persistence: world.backend.persistence,
      command: { type: "run.create", workflowId: "linear", input: { value: 1 } },
      timeoutMs: 30,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunWaitTimeoutError);
    expect(isStageflowError(error) && error.code).toBe("RUN_WAIT_TIMEOUT");
    expect((error as RunWaitTimeoutError).lastStatus).toBe("PENDING");
  });

  it("passes the kernel's own errors through (unknown workflow)", async () => {
    const { world } = await setup();
    const error = await runAndWait({
      kernel: world.kernel,
      persistence: world.backend.persistence,
      command: { type: "run.create", workflowId: "nope", input: {} },
    }).catch((e: unknown) => e);
    expect(isStageflowError(error) && error.code).toBe("WORKFLOW_NOT_FOUND");
  });

  it("needs no host when another one does the work", async () => {
    const { world } = await setup();
    const host = createNodeHost({
      kernel: world.kernel,
      jobTransport: world.backend.jobTransport,
      workerId: "elsewhere",
      ...TEST_TUNING,
    });
    await host.start();
    const result = await runAndWait({
      kernel: world.kernel,
      persistence: world.backend.persistence,
      command: { type: "run.create", workflowId: "parallel", input: { value: 0 } },
      timeoutMs: 20_000,
    });
    expect(result).toMatchObject({ status: "COMPLETED", output: { value: 6 } });
    await host.stop();
  });

  it("creates the run from a workflow and its input, with the command's options", async () => {
    const { probe, world } = await setup();
    const workflow = createScenarioWorkflows(probe).parallel;
    const host = createNodeHost({
      kernel: world.kernel,
      jobTransport: world.backend.jobTransport,
      workerId: "w",
      ...TEST_TUNING,
    });
    await host.start();
    const options = {
      kernel: world.kernel,
      persistence: world.backend.persistence,
      host,
      workflow,
      input: { value: 0 },
      idempotencyKey: "once",
      priority: 9,
      metadata: { from: "test" },
      timeoutMs: 20_000,
    };
    const first = await runAndWait(options);
    const replay = await runAndWait(options);
    expect(first).toMatchObject({ status: "COMPLETED", output: { value: 6 } });
    expect(replay.workflowRunId).toBe(first.workflowRunId);
    const run = await world.backend.persistence.getRun(first.workflowRunId);
    expect(run).toMatchObject({ workflowId: "parallel", priority: 9, metadata: { from: "test" } });
    await host.stop();
  });
});
