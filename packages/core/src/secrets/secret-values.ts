/** Values shorter than this are not tracked: they would mangle ordinary text and are no real key. */
export const MIN_SECRET_VALUE_LENGTH = 8;

const REGISTRY_KEY = Symbol.for("@stageflow/core/secret-values");

type Registry = Set<string>;

function registry(): Registry {
  const holder = globalThis as { [REGISTRY_KEY]?: Registry };
  holder[REGISTRY_KEY] ??= new Set();
  return holder[REGISTRY_KEY];
}

/**
 * Adds the exact value of a credential the process was configured with (an AI provider's API key,
 * a database password) to the process-wide list that {@link redactText} removes from every text
 * Stageflow stores. The AI providers register their keys when they are created, and
 * `createKernel({ secrets })` registers the values it is given. The list lives on `globalThis`
 * under a `Symbol.for` key, so two copies of this package share it. Values shorter than
 * {@link MIN_SECRET_VALUE_LENGTH} characters, and non-strings, are ignored.
 *
 * @example
 * ```ts
 * registerSecretValue(process.env.WEBHOOK_SIGNING_KEY ?? "");
 * redactText(`signing with ${process.env.WEBHOOK_SIGNING_KEY}`); // "signing with [redacted]"
 * ```
 */
export function registerSecretValue(value: unknown): void {
  if (typeof value !== "string") return;
  const trimmed = value.trim();
  if (trimmed.length < MIN_SECRET_VALUE_LENGTH) return;
  registry().add(trimmed);
}

/** The registered secret values, longest first (so a key containing another is removed whole). */
export function registeredSecretValues(): readonly string[] {
  return [...registry()].sort((a, b) => b.length - a.length);
}
