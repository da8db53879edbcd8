import { type AICallLogger, type OfflineBatchStore, offlineProvider } from "@stageflow/ai";
import type { DocumentAI } from "../workflow/document-ai";

/** Which provider the demo uses. */
export type ProviderChoice = "offline" | "anthropic" | "openai" | "google";

/** Options of {@link chooseAI}. */
export interface ChooseAIOptions {
  /** Environment to read keys from (`process.env` in the demo). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Keeps offline batches across restarts (the demo uses the SQLite blob store). */
  readonly offlineBatchStore?: OfflineBatchStore;
  /** Milliseconds until an offline batch completes. Default 1500. */
  readonly offlineBatchDelayMs?: number;
  readonly logger?: AICallLogger;
}

/**
 * `STAGEFLOW_DEMO_PROVIDER` when set, else the first of `ANTHROPIC_API_KEY`, `OPENAI_API_KEY`,
 * `GEMINI_API_KEY` that is set, else the offline provider.
 */
export function providerChoice(env: ChooseAIOptions["env"]): ProviderChoice {
  const forced = env.STAGEFLOW_DEMO_PROVIDER?.trim();
  if (forced) {
    if (["offline", "anthropic", "openai", "google"].includes(forced)) {
      return forced as ProviderChoice;
    }
    throw new Error(
      `STAGEFLOW_DEMO_PROVIDER must be offline, anthropic, openai or google, got "${forced}"`,
    );
  }
  if (env.ANTHROPIC_API_KEY) return "anthropic";
  if (env.OPENAI_API_KEY) return "openai";
  if (env.GEMINI_API_KEY) return "google";
  return "offline";
}

function requireKey(env: ChooseAIOptions["env"], name: string): string {
  const key = env[name];
  if (!key) throw new Error(`${name} is not set`);
  return key;
}

/**
 * The providers and models for the demo. A vendor's SDK is imported only when its key is set.
 * Anthropic has no embeddings API and the Google provider batches only text and JSON requests, so
 * with those two the embedding batch runs on the offline provider (hashed bag-of-words vectors)
 * and the label says so.
 */
export async function chooseAI(options: ChooseAIOptions): Promise<DocumentAI> {
  const { env, logger } = options;
  const offline = offlineProvider({
    batchDelayMs: options.offlineBatchDelayMs ?? 1500,
    store: options.offlineBatchStore,
  });
  const choice = providerChoice(env);
  switch (choice) {
    case "offline":
      return {
        label: "offline (deterministic, not an LLM)",
        providers: [offline],
        textModel: "offline-text",
        embedModel: "offline-embed",
        batchPollMs: 500,
        logger,
      };
    case "anthropic": {
      const { anthropicProvider } = await import("@stageflow/ai-anthropic");
      return {
        label: "anthropic (embeddings: offline)",
        providers: [anthropicProvider({ apiKey: requireKey(env, "ANTHROPIC_API_KEY") }), offline],
        textModel: "claude-haiku-4-5",
        embedModel: "offline-embed",
        batchPollMs: 500,
        logger,
      };
    }
    case "openai": {
      const { openaiProvider } = await import("@stageflow/ai-openai");
      return {
        label: "openai",
        providers: [openaiProvider({ apiKey: requireKey(env, "OPENAI_API_KEY") })],
        textModel: "gpt-4o-mini",
        embedModel: "text-embedding-3-small",
        batchPollMs: 30_000,
        logger,
      };
    }
    case "google": {
      const { googleProvider } = await import("@stageflow/ai-google");
      return {
        label: "google (embeddings: offline)",
        providers: [googleProvider({ apiKey: requireKey(env, "GEMINI_API_KEY") }), offline],
        textModel: "gemini-2.5-flash",
        embedModel: "offline-embed",
        batchPollMs: 500,
        logger,
      };
    }
  }
}
