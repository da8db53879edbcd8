import type { AnyWorkflow } from "@stageflow/core";

/** prepare → [summarize (one AI call to `openaiBaseURL`) ‖ embed (async batch)]. */
export function createTracedWorkflow(options: {
  readonly openaiBaseURL: string;
  readonly apiKey: string;
}): AnyWorkflow;
