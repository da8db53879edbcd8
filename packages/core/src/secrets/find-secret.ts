import { containsSecretText } from "./redact-text";
import { holdsText } from "./redact-value";
import { isSecretKey, SCHEMA_NAME_KEYS } from "./secret-key";

/**
 * The path of the first secret in `value` (searched depth-first through objects and arrays), or
 * `undefined` when there is none. A secret is a secret-named field (see {@link isSecretKey}) that
 * holds text (a non-empty string, or strings inside an array or object under it), or a string
 * that {@link redactText} would change: a registered secret value, a provider key, a bearer
 * token, a URL with a password, `api_key=…`. Property names inside a JSON Schema (`properties`,
 * `$defs`) are names, so the schema of a batch request whose output has a `token` field passes.
 *
 * @param value - the value to search.
 * @param path - the name of `value` in the returned path.
 *
 * @example
 * ```ts
 * findSecret({ batchId: "b1", creds: [{ apiKeys: ["k"] }] }, "state"); // "state.creds[0].apiKeys"
 * ```
 */
export function findSecret(value: unknown, path = "value"): string | undefined {
  return search(value, path, false, new Set());
}

function search(
  value: unknown,
  path: string,
  namesOnly: boolean,
  seen: Set<object>,
): string | undefined {
  if (typeof value === "string") return containsSecretText(value) ? path : undefined;
  if (typeof value !== "object" || value === null || seen.has(value)) return undefined;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = search(item, `${path}[${index}]`, false, seen);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (!namesOnly && isSecretKey(key) && holdsText(item)) return `${path}.${key}`;
    const found = search(item, `${path}.${key}`, !namesOnly && SCHEMA_NAME_KEYS.has(key), seen);
    if (found !== undefined) return found;
  }
  return undefined;
}
