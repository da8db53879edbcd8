/**
 * Key/value storage scoped to one stage of one run, for artifacts a stage wants to keep
 * across attempts or across suspension (e.g. a batch's request ids). Values must be
 * JSON-serialisable.
 */
export interface StageStorage {
  /** Stores `value` under `key`, replacing any previous value. */
  save<T>(key: string, value: T): Promise<void>;
  /** Reads the value stored under `key`, or `undefined` when there is none. */
  load<T>(key: string): Promise<T | undefined>;
  /** True when a value is stored under `key`. */
  exists(key: string): Promise<boolean>;
  /** Removes the value stored under `key`; a missing key is not an error. */
  delete(key: string): Promise<void>;
}
