import type { Persistence } from "./persistence";

/**
 * Storage for large values: stage outputs and `ctx.storage` artifacts. Values are JSON-representable
 * (adapters reject anything else before writing). Keys are opaque strings; the kernel uses
 * `runs/<runId>/stages/<stageId>/…`, so `list(prefix)` finds everything of a run or stage.
 */
export interface BlobStore {
  /** Stores `value` under `key`, replacing any previous value. */
  put(key: string, value: unknown): Promise<void>;
  /**
   * Optional: stores `value` under `key` inside `tx` (a transaction of `Persistence.withTransaction`)
   * when this store lives in the same database, so the value commits or rolls back with it, and
   * resolves `true`; resolves `false` (writing nothing) when it cannot join `tx`. The kernel uses it
   * to commit a stage's output with the stage's completion.
   */
  putInTransaction?(tx: Persistence, key: string, value: unknown): Promise<boolean>;
  /** The value under `key`, or `undefined` when absent. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  has(key: string): Promise<boolean>;
  /** Deletes `key`; deleting an absent key is not an error. */
  delete(key: string): Promise<void>;
  /** Keys starting with `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
}
