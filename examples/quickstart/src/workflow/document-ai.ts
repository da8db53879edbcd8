import {
  type AICallLogger,
  type AIHelper,
  type AIProviders,
  type AIStageBinding,
  createAIHelper,
} from "@stageflow/ai";

/** What the stages need to call models: chosen once per process (see `../ai/choose-ai.ts`). */
export interface DocumentAI {
  /** Provider label for humans, e.g. `offline` or `openai`. */
  readonly label: string;
  readonly providers: AIProviders;
  /** Model for the summary and the keywords. */
  readonly textModel: string;
  /** Model for the batch of embeddings. */
  readonly embedModel: string;
  /** Milliseconds between completion checks of the embedding batch. */
  readonly batchPollMs: number;
  /** Records every AI call (the SQLite `ai_calls` table in the demo). */
  readonly logger?: AICallLogger;
}

/**
 * An AI helper bound to a stage: every call is logged with the run and stage ids, and its tokens
 * and cost go into `ctx.usage`, which the kernel adds to the stage's and the run's totals.
 */
export function aiFor(ai: DocumentAI, stage: AIStageBinding): AIHelper {
  return createAIHelper(`quickstart.${stage.stageId}`, ai.logger, {
    providers: ai.providers,
    stage,
  });
}
