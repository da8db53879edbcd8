/** A JSON value as the API shows it: cut to a size a browser renders quickly. */
export interface JsonPreview {
  /** The value, or a cut copy of it (strings shortened, arrays and objects ended by a marker). */
  readonly value: unknown;
  /** True when `value` is a cut copy: download the full value instead. */
  readonly truncated: boolean;
  /** Bytes of the full value as UTF-8 JSON. */
  readonly bytes: number;
}

/** Default size of a preview: about 64 KB of JSON. */
export const PREVIEW_BYTES = 64 * 1024;
const MAX_STRING = 4096;
const MAX_DEPTH = 32;

const encoder = new TextEncoder();

/** UTF-8 bytes of `value` as JSON (0 for `undefined`). */
export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value);
  return text === undefined ? 0 : encoder.encode(text).length;
}

interface Budget {
  left: number;
}

function cutString(text: string, budget: Budget): string {
  const room = Math.max(16, Math.min(MAX_STRING, budget.left));
  if (text.length <= room) {
    budget.left -= text.length + 2;
    return text;
  }
  budget.left -= room + 40;
  return `${text.slice(0, room)}… (${text.length - room} more characters)`;
}

function cut(value: unknown, budget: Budget, depth: number): unknown {
  if (typeof value === "string") return cutString(value, budget);
  if (value === null || typeof value !== "object") {
    budget.left -= String(value).length;
    return value;
  }
  if (depth >= MAX_DEPTH) {
    budget.left -= 10;
    return Array.isArray(value) ? ["… (nested too deep)"] : { "…": "nested too deep" };
  }
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    budget.left -= 2;
    for (const item of value) {
      if (budget.left <= 0) break;
      items.push(cut(item, budget, depth + 1));
      budget.left -= 1;
    }
    if (items.length < value.length) items.push(`… ${value.length - items.length} more items`);
    return items;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const result: Record<string, unknown> = {};
  let kept = 0;
  budget.left -= 2;
  for (const [key, item] of entries) {
    if (budget.left <= 0) break;
    budget.left -= key.length + 4;
    result[key] = cut(item, budget, depth + 1);
    kept += 1;
  }
  if (kept < entries.length) result["…"] = `${entries.length - kept} more keys`;
  return result;
}

/**
 * The preview of a JSON value: the value itself when its JSON fits in `maxBytes`, else a cut copy
 * of about that size (long strings shortened with "… (N more characters)", arrays ended with
 * "… N more items", objects with a `"…": "N more keys"` entry). `bytes` is the full size.
 */
export function jsonPreview(value: unknown, maxBytes: number = PREVIEW_BYTES): JsonPreview {
  const bytes = jsonBytes(value);
  if (bytes <= maxBytes)
    return { value: value === undefined ? null : value, truncated: false, bytes };
  return { value: cut(value, { left: maxBytes }, 0), truncated: true, bytes };
}
