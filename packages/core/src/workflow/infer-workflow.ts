import type { WorkflowTypes } from "./workflow";

type TypesOf<W> = W extends {
  readonly "~types"?: infer T extends WorkflowTypes<unknown, unknown, unknown>;
}
  ? T
  : never;

/** Stage id → output for every stage of a workflow or workflow builder. */
export type InferWorkflowContext<W> = TypesOf<W>["context"];

/** The parsed run input of a workflow or workflow builder. */
export type InferWorkflowInput<W> = TypesOf<W>["input"];

/** The run output of a workflow or workflow builder. */
export type InferWorkflowOutput<W> = TypesOf<W>["output"];
