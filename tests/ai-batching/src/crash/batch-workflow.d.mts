import type { AnyWorkflow } from "@stageflow/core";

/** The id of the crash tests' workflow. */
export declare const CRASH_WORKFLOW_ID: "batch-crash";
/** One batched text request per run (input `{ prompt }`, output `{ answer }`). */
export declare function createBatchCrashWorkflow(): AnyWorkflow;
