import type { AnyWorkflow } from "@stageflow/core";

/** Looks workflow definitions up by id; `run.create` rejects ids it does not know. */
export interface WorkflowRegistry {
  getWorkflow(workflowId: string): AnyWorkflow | null | undefined;
}

/** A registry over a fixed list of workflows. */
export function createWorkflowRegistry(workflows: readonly AnyWorkflow[]): WorkflowRegistry {
  const byId = new Map(workflows.map((workflow) => [workflow.id, workflow] as const));
  return { getWorkflow: (workflowId) => byId.get(workflowId) };
}
