import { defineStage, WorkflowBuilder } from "@stageflow/core";
import { z } from "zod";
import { nowMs } from "../lib/clock";

/** Called when a stage body starts: the run id, the stage id, monotonic ms. */
export type StageStartHook = (workflowRunId: string, stageId: string, t: number) => void;

let hook: StageStartHook = () => {};

/** Sets the hook every no-op stage body calls first (one per process). */
export function onStageStart(next: StageStartHook): void {
  hook = next;
}

/** The stage ids of {@link noopWorkflow}, in execution order. */
export const NOOP_STAGE_IDS = ["first", "second", "third"] as const;

const Empty = z.object({});

function noopStage<Id extends (typeof NOOP_STAGE_IDS)[number]>(id: Id, name: string) {
  return defineStage({
    id,
    name,
    schemas: { input: "none", output: Empty, config: Empty },
    async execute(ctx) {
      hook(ctx.workflowRunId, id, nowMs());
      return { output: {} };
    },
  });
}

/** Id of {@link noopWorkflow}. */
export const NOOP_WORKFLOW_ID = "bench-noop-3";

/** A 3-stage workflow of no-op stages (three sequential groups). */
export const noopWorkflow = new WorkflowBuilder(
  NOOP_WORKFLOW_ID,
  "Bench no-op",
  "Three sequential no-op stages",
  z.object({ i: z.number() }),
  Empty,
)
  .pipe(noopStage("first", "First"))
  .pipe(noopStage("second", "Second"))
  .pipe(noopStage("third", "Third"))
  .build();

/** Id of {@link noopOneStageWorkflow}. */
export const NOOP_ONE_WORKFLOW_ID = "bench-noop-1";

/** A one-stage no-op workflow (the backlog case: one stage job per run). */
export const noopOneStageWorkflow = new WorkflowBuilder(
  NOOP_ONE_WORKFLOW_ID,
  "Bench no-op, one stage",
  "One no-op stage",
  z.object({ i: z.number() }),
  Empty,
)
  .pipe(noopStage("first", "First"))
  .build();
