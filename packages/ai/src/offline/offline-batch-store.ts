import { z } from "zod";

/**
 * Where the offline provider keeps its batches so they survive a process restart: any key-value
 * store with these two methods (a `Map` wrapped in async functions, a file, a database table, a
 * blob store). Values are plain JSON-serializable objects; keys look like
 * `stageflow-ai/offline-batches/<batchId>`. Without a store, batches live in the provider
 * instance's memory only.
 *
 * @example
 * ```ts
 * const data = new Map<string, unknown>();
 * const store: OfflineBatchStore = {
 *   get: async (key) => data.get(key),
 *   put: async (key, value) => void data.set(key, structuredClone(value)),
 * };
 * const provider = offlineProvider({ store });
 * ```
 */
export interface OfflineBatchStore {
  /** The value stored under `key`, or `undefined` / `null` when there is none. */
  get(key: string): Promise<unknown>;
  /** Stores `value` under `key`, replacing any previous value. */
  put(key: string, value: unknown): Promise<void>;
}

/** A stored offline batch (format version 1). */
export const StoredOfflineBatchSchema = z.object({
  v: z.literal(1),
  id: z.string(),
  model: z.string(),
  submittedAt: z.number(),
  cancelledAt: z.number().optional(),
  requests: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(["text", "object", "embedding"]).optional(),
      prompt: z.string(),
      system: z.string().optional(),
      maxTokens: z.number().optional(),
      temperature: z.number().optional(),
      jsonSchema: z.record(z.string(), z.unknown()).optional(),
      schemaName: z.string().optional(),
    }),
  ),
});

/** A stored offline batch. */
export type StoredOfflineBatch = z.infer<typeof StoredOfflineBatchSchema>;

/** The store key of a batch. */
export function offlineBatchKey(batchId: string): string {
  return `stageflow-ai/offline-batches/${batchId}`;
}
