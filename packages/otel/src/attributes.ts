/** Attribute names of Stageflow's spans and metrics (the `stageflow.*` namespace). */
export const ATTR = {
  workflowId: "stageflow.workflow.id",
  runId: "stageflow.run.id",
  stageId: "stageflow.stage.id",
  attempt: "stageflow.stage.attempt",
  outcome: "stageflow.stage.outcome",
  willRetry: "stageflow.stage.will_retry",
  skipReason: "stageflow.stage.skip_reason",
  phase: "stageflow.phase",
  attemptKind: "stageflow.attempt.kind",
  adopted: "stageflow.job.adopted",
  batchId: "stageflow.batch.id",
  batchProvider: "stageflow.batch.provider",
  batchReady: "stageflow.batch.ready",
  eventType: "stageflow.event.type",
  aiCostUsd: "stageflow.ai.cost_usd",
  errorType: "error.type",
} as const;

/** GenAI semantic-convention attribute names used on AI client spans and metrics. */
export const GEN_AI = {
  operation: "gen_ai.operation.name",
  provider: "gen_ai.provider.name",
  requestModel: "gen_ai.request.model",
  maxTokens: "gen_ai.request.max_tokens",
  temperature: "gen_ai.request.temperature",
  responseId: "gen_ai.response.id",
  finishReasons: "gen_ai.response.finish_reasons",
  inputTokens: "gen_ai.usage.input_tokens",
  outputTokens: "gen_ai.usage.output_tokens",
  tokenType: "gen_ai.token.type",
  systemInstructions: "gen_ai.system_instructions",
  inputMessages: "gen_ai.input.messages",
  outputMessages: "gen_ai.output.messages",
} as const;
