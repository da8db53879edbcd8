import type { ModelInfo } from "./model-info";

/**
 * The default price table (USD per million tokens, standard rate; batch is half). Sources: the
 * vendors' price pages as of 2026-11 (see the package README). Long-context tiers are not
 * modelled: `claude-haiku-5-5` is priced for prompts up to 100k tokens and `gemini-2.5-pro` up to
 * 200k. Override or extend with the `models` option of `createAIHelper`.
 *
 * `offline-text` and `offline-embed` belong to the offline provider (no LLM) and cost nothing.
 * `claude-sonnet-4-20250514` and `text-embedding-004` are the ids of the reference documents.
 */
export const DEFAULT_MODELS: readonly ModelInfo[] = [
  chat("claude-sonnet-5-5", "anthropic", 2, 10),
  chat("claude-haiku-5-5", "anthropic", 0.1, 0.5),
  chat("claude-sonnet-4-5", "anthropic", 3, 15),
  chat("claude-sonnet-4-20250514", "anthropic", 3, 15),
  chat("claude-haiku-4-5", "anthropic", 1, 5),
  chat("gpt-4o", "openai", 2.5, 10),
  chat("gpt-4o-mini", "openai", 0.15, 0.6),
  chat("gpt-4.1", "openai", 2, 8),
  embedding("text-embedding-3-small", "openai", 0.02),
  embedding("text-embedding-3-large", "openai", 0.13),
  chat("gemini-2.5-flash", "google", 0.3, 2.5),
  chat("gemini-2.5-pro", "google", 1.25, 10),
  embedding("gemini-embedding-001", "google", 0.15),
  // Priced per character on Vertex AI ($0.025 per million characters): ~4 characters per token.
  embedding("text-embedding-004", "google", 0.1),
  chat("offline-text", "offline", 0, 0),
  embedding("offline-embed", "offline", 0),
];

function chat(id: string, provider: string, input: number, output: number): ModelInfo {
  return {
    id,
    provider,
    kind: "chat",
    inputPricePerMillion: input,
    outputPricePerMillion: output,
  };
}

function embedding(id: string, provider: string, input: number): ModelInfo {
  return { id, provider, kind: "embedding", inputPricePerMillion: input, outputPricePerMillion: 0 };
}
