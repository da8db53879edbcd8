import type { AnyWorkflow } from "@stageflow/core";

/** The 3-stage workflow of the crash tests; `onExecute` sees every body start. */
export function createCrashWorkflow(
  onExecute?: (workflowRunId: string, stageId: string) => void,
): AnyWorkflow;
