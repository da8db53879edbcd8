import { assertJsonValue, type BlobStore } from "@stageflow/kernel";

/**
 * A `BlobStore` in process memory. Values are checked with `assertJsonValue` and kept as JSON
 * text, so what `get` returns is always a fresh copy in the form a database would give back
 * (`Date`s become ISO strings; a top-level `undefined` is stored as `null`).
 *
 * @example
 * ```ts
 * const blobs = new InMemoryBlobStore();
 * await blobs.put("runs/r1/stages/a/output", { text: "hi" });
 * await blobs.list("runs/r1/"); // ["runs/r1/stages/a/output"]
 * ```
 */
export class InMemoryBlobStore implements BlobStore {
  readonly #values = new Map<string, string>();

  /** Stores the JSON form of `value`; rejects non-JSON values with `NotJsonSerializableError`. */
  async put(key: string, value: unknown): Promise<void> {
    assertJsonValue(value, `blob "${key}"`);
    this.#values.set(key, JSON.stringify(value === undefined ? null : value));
  }

  /** A fresh copy of the value under `key`, or `undefined`. */
  async get<T = unknown>(key: string): Promise<T | undefined> {
    const text = this.#values.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  /** Whether `key` holds a value. */
  async has(key: string): Promise<boolean> {
    return this.#values.has(key);
  }

  /** Removes `key` (absent keys are fine). */
  async delete(key: string): Promise<void> {
    this.#values.delete(key);
  }

  /** Keys starting with `prefix`, sorted by code unit. */
  async list(prefix: string): Promise<string[]> {
    return [...this.#values.keys()].filter((key) => key.startsWith(prefix)).sort(compareKeys);
  }

  /** How many keys are stored (for assertions in tests). */
  get size(): number {
    return this.#values.size;
  }
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
