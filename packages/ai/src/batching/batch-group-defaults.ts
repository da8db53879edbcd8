import type { BatchGroupSettings } from "@stageflow/core";

/**
 * Default grouping of cross-run batches per provider, inside each vendor's documented limits:
 * Anthropic ≤ 100,000 requests / 256 MB per batch, OpenAI ≤ 50,000 requests / 200 MB per input
 * file, Google inline batches ≤ 20 MB per request. Other providers (the offline one) get small,
 * fast batches.
 */
export const DEFAULT_BATCH_GROUP_SETTINGS: Readonly<Record<string, BatchGroupSettings>> = {
  anthropic: {
    maxRequests: 10_000,
    maxBytes: 200 * 1024 * 1024,
    maxDelayMs: 60_000,
    pollIntervalMs: 60_000,
  },
  openai: {
    maxRequests: 10_000,
    maxBytes: 150 * 1024 * 1024,
    maxDelayMs: 60_000,
    pollIntervalMs: 60_000,
  },
  google: {
    maxRequests: 1_000,
    maxBytes: 15 * 1024 * 1024,
    maxDelayMs: 60_000,
    pollIntervalMs: 60_000,
  },
};

/** Grouping of providers without an entry in {@link DEFAULT_BATCH_GROUP_SETTINGS}. */
export const FALLBACK_BATCH_GROUP_SETTINGS: BatchGroupSettings = {
  maxRequests: 1_000,
  maxBytes: 50 * 1024 * 1024,
  maxDelayMs: 1_000,
  pollIntervalMs: 1_000,
};
