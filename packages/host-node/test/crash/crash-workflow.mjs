// The 3-stage workflow of the crash tests, in plain JavaScript so worker processes start on the
// built packages without a TypeScript loader.
import { defineStage, WorkflowBuilder } from "@stageflow/core";
import { z } from "zod";

const Value = z.object({ value: z.number() });

function step(id, onExecute) {
  return defineStage({
    id,
    name: id,
    schemas: { input: Value, output: Value, config: z.object({}) },
    async execute(ctx) {
      onExecute(ctx.workflowRunId, ctx.stageId);
      // Long enough that kills land while bodies run.
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.floor(Math.random() * 25)));
      return { output: { value: ctx.input.value + 1 } };
    },
  });
}

export function createCrashWorkflow(onExecute = () => {}) {
  return new WorkflowBuilder("crash", "Crash", "three short stages", Value, Value)
    .pipe(step("s1", onExecute))
    .pipe(step("s2", onExecute))
    .pipe(step("s3", onExecute))
    .build();
}
