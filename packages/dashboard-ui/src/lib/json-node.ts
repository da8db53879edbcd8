/**
 * How the JSON view shows a value: a leaf with its literal text, or a container with a summary
 * and its entries (the first `maxEntries`, then how many more there are).
 */

/** A leaf value. */
export interface JsonLeaf {
  kind: "string" | "number" | "boolean" | "null" | "undefined";
  /** The literal as JSON would print it (strings quoted and escaped). */
  text: string;
}

/** An object or array. */
export interface JsonContainer {
  kind: "object" | "array";
  /** E.g. `{3 keys}`, `[1 item]`. */
  summary: string;
  /** `[key, value]` of the shown entries (array indexes as strings). */
  entries: [string, unknown][];
  /** Entries not shown. */
  hidden: number;
  /**
   * The server's marker of a cut preview (`"… 12 more items"` ending an array, or the value of a
   * `"…"` key of an object), left out of `entries`; `null` when the container was not cut.
   */
  cut: string | null;
}

const ARRAY_MARKER = /^… \d+ more items$/;
const OBJECT_MARKER = "…";

/** A node of the JSON view. */
export type JsonNode = JsonLeaf | JsonContainer;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Describes `value` for the JSON view. */
export function jsonNode(value: unknown, maxEntries = 200): JsonNode {
  if (value === null) return { kind: "null", text: "null" };
  if (value === undefined) return { kind: "undefined", text: "undefined" };
  if (typeof value === "string") return { kind: "string", text: JSON.stringify(value) };
  if (typeof value === "number") {
    return { kind: "number", text: Number.isFinite(value) ? String(value) : "null" };
  }
  if (typeof value === "boolean") return { kind: "boolean", text: String(value) };
  if (Array.isArray(value)) {
    const last = value[value.length - 1];
    const cut = typeof last === "string" && ARRAY_MARKER.test(last) ? last : null;
    const items = cut === null ? value : value.slice(0, -1);
    const shown = items.slice(0, maxEntries).map((v, i): [string, unknown] => [String(i), v]);
    return {
      kind: "array",
      summary: `[${plural(items.length, "item")}${cut === null ? "" : ", cut"}]`,
      entries: shown,
      hidden: items.length - shown.length,
      cut,
    };
  }
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    const marker = record[OBJECT_MARKER];
    const cut = typeof marker === "string" ? marker : null;
    const all = Object.entries(record).filter(([k]) => cut === null || k !== OBJECT_MARKER);
    return {
      kind: "object",
      summary: `{${plural(all.length, "key")}${cut === null ? "" : ", cut"}}`,
      entries: all.slice(0, maxEntries),
      hidden: Math.max(0, all.length - maxEntries),
      cut,
    };
  }
  return { kind: "string", text: JSON.stringify(String(value)) };
}

/** A human size: `512 B`, `1.5 KB`, `2.0 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
