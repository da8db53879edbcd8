/** Normalised key names (lower case, no `-`/`_`) that are secrets wherever they appear. */
const SECRET_NAMES = new Set([
  "token",
  "secret",
  "password",
  "passwd",
  "authorization",
  "credential",
  "credentials",
]);

/** Normalised key endings that mark a secret (`openaiApiKey`, `client_secret`, `authToken`…). */
const SECRET_SUFFIXES = [
  "apikey",
  "secret",
  "secretkey",
  "password",
  "accesstoken",
  "authtoken",
  "refreshtoken",
  "sessiontoken",
  "bearertoken",
  "idtoken",
  "privatekey",
];

/**
 * True when an object key names a secret: `apiKey`, `api_key`, `secret`, `password`, `token`,
 * `accessToken`, `privateKey` and their variants. Counters such as `maxTokens` or
 * `inputTokens` and pagination fields such as `nextPageToken` are not secrets.
 */
export function isSecretKey(key: string): boolean {
  const normalised = key.toLowerCase().replace(/[-_\s]/g, "");
  if (SECRET_NAMES.has(normalised)) return true;
  return SECRET_SUFFIXES.some((suffix) => normalised.endsWith(suffix));
}

/**
 * The path of the first field of `value` (searched depth-first through objects and arrays) whose
 * key names a secret and whose value is a non-empty string, or `undefined` when there is none.
 * Only strings count: credentials are strings, while an object under such a key is structure —
 * e.g. the JSON Schema of a batch request whose output has a `token` property.
 *
 * @param value - the value to search.
 * @param path - the name of `value` in the returned path.
 */
export function findSecretField(value: unknown, path = "value"): string | undefined {
  return search(value, path, new Set());
}

function search(value: unknown, path: string, seen: Set<object>): string | undefined {
  if (typeof value !== "object" || value === null || seen.has(value)) return undefined;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = search(item, `${path}[${index}]`, seen);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (isSecretKey(key) && typeof item === "string" && item !== "") return `${path}.${key}`;
    const found = search(item, `${path}.${key}`, seen);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * A copy of a log or event payload with the values of secret-named fields replaced by
 * `"[redacted]"`, so secrets never reach logs or events.
 */
export function redactSecrets<T>(value: T): T {
  return redact(value, new WeakMap()) as T;
}

function redact(value: unknown, seen: WeakMap<object, unknown>): unknown {
  if (typeof value !== "object" || value === null || value instanceof Date) return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(redact(item, seen));
    return copy;
  }
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  for (const [key, item] of Object.entries(value)) {
    copy[key] =
      isSecretKey(key) && item !== undefined && item !== null ? "[redacted]" : redact(item, seen);
  }
  return copy;
}
