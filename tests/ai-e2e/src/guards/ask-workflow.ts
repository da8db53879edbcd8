/**
 * The workflow of the AI-guard tests: one stage that asks the OpenAI fake through the real
 * `openai` SDK with the helper bound to the stage and the guards of the process's Stageflow.
 * What the stage uses comes from {@link askEnvironment}, set by the test (or worker process)
 * once its Stageflow exists.
 */
import { type AICallLogger, type AIGuards, createAIHelper } from "@stageflow/ai";
import { openaiProvider } from "@stageflow/ai-openai";
import { defineStage, WorkflowBuilder } from "@stageflow/core";
import { z } from "zod";

/** The fake's key; never stored anywhere. */
export const ASK_API_KEY = "sk-guard-e2e-never-stored-4b1d";

/** What the `ask` stage calls and reports to. */
export interface AskEnvironment {
  /** The fake's base URL (ends in `/v1`). */
  url: string;
  guards: AIGuards;
  logger: AICallLogger | undefined;
  /** Runs after the stage's calls, before it returns (throw to fail the attempt, await to hold it). */
  afterCalls?: (ctx: { workflowRunId: string; attempt: number }) => Promise<void> | void;
}

/** Set by the test before it creates runs. */
export const askEnvironment: AskEnvironment = { url: "", guards: {}, logger: undefined };

const AskInput = z.object({
  prompts: z.array(z.string()).min(1),
  maxTokens: z.number().int().positive().optional(),
  memo: z.boolean().optional(),
});

/** Asks every prompt in turn; output: the answers. Retried up to 3 attempts, 50 ms apart. */
export const askStage = defineStage({
  id: "ask",
  name: "Ask",
  schemas: {
    input: AskInput,
    output: z.object({ answers: z.array(z.string()) }),
    config: z.object({}),
  },
  retry: { maxAttempts: 3, backoff: { initialDelayMs: 50, multiplier: 1 } },
  async execute(ctx) {
    const ai = createAIHelper(`ask.${ctx.workflowRunId}`, askEnvironment.logger, {
      providers: [
        openaiProvider({ apiKey: ASK_API_KEY, baseURL: askEnvironment.url, maxRetries: 0 }),
      ],
      stage: ctx,
      ...askEnvironment.guards,
    });
    const answers: string[] = [];
    for (const prompt of ctx.input.prompts) {
      const { text } = await ai.generateText("gpt-4o-mini", prompt, {
        ...(ctx.input.maxTokens === undefined ? {} : { maxTokens: ctx.input.maxTokens }),
        ...(ctx.input.memo === false ? { memo: false } : {}),
      });
      answers.push(text);
    }
    await askEnvironment.afterCalls?.({ workflowRunId: ctx.workflowRunId, attempt: ctx.attempt });
    return { output: { answers } };
  },
});

/** One group: `ask`. */
export const askWorkflow = new WorkflowBuilder(
  "ask-guarded",
  "Ask (guarded)",
  "One stage of guarded OpenAI calls",
  AskInput,
  z.object({ answers: z.array(z.string()) }),
)
  .pipe(askStage)
  .build();

/** The same workflow with a default budget of `usd` per run. */
export function askWorkflowWithBudget(usd: number) {
  return new WorkflowBuilder(
    "ask-budgeted",
    "Ask (budgeted)",
    "One stage of guarded OpenAI calls, with a default budget",
    AskInput,
    z.object({ answers: z.array(z.string()) }),
  )
    .pipe(askStage)
    .budget(usd)
    .build();
}
