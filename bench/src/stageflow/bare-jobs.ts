import type { NewJob } from "@stageflow/kernel";
import { NOOP_WORKFLOW_ID } from "./noop-workflow";

/** `count` trivial jobs (ids `from`…), not attached to real runs: the transport does not check. */
export function bareJobs(from: number, count: number): NewJob[] {
  const now = new Date();
  return Array.from({ length: count }, (_, k) => ({
    workflowRunId: `bench-run-${from + k}`,
    workflowId: NOOP_WORKFLOW_ID,
    stageId: "first",
    priority: 5,
    attempt: 1,
    maxAttempts: 1,
    payload: { id: from + k },
    now,
  }));
}
