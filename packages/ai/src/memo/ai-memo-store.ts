/**
 * The memo-store port: stored responses of AI calls by content hash, with an expiry, so a body
 * re-executed after a crash or a retry (or a rerun) gets the responses of calls that already
 * succeeded instead of paying for them again. `@stageflow/persistence-kysely` implements it on
 * the database (`createKyselyAIMemoStore`).
 */

/** One stored response. */
export interface AIMemoEntry {
  /** The content hash (see `memoKey`): provider, model, kind, parameters, prompt, schema. */
  readonly key: string;
  readonly provider: string;
  readonly model: string;
  /** `text`, `object` or `embedding`. */
  readonly kind: string;
  /** The provider's response as JSON (text and ids, or vectors), secrets redacted. */
  readonly response: unknown;
  /** Tokens the original call used. */
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly createdAt: Date;
  /** After this the entry is not served any more. */
  readonly expiresAt: Date;
}

/** Where memoized responses live. */
export interface AIMemoStore {
  /** How long a stored response is served, in ms. */
  readonly ttlMs: number;
  /** The entry under `key` when it has not expired at `now`, else `undefined`. */
  get(key: string, now: Date): Promise<AIMemoEntry | undefined>;
  /** Stores (or replaces) an entry. */
  put(entry: AIMemoEntry): Promise<void>;
}
