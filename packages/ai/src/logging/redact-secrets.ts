const REDACTIONS: readonly (readonly [RegExp, string])[] = [
  [/\bsk-[A-Za-z0-9_-]{8,}/g, "[redacted]"], // OpenAI and Anthropic keys
  [/\bAIza[0-9A-Za-z_-]{20,}/g, "[redacted]"], // Google API keys
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, "$1 [redacted]"],
  [
    /\b(x-api-key|x-goog-api-key|api[_-]?key|authorization)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
    "$1$2[redacted]",
  ],
];

/**
 * Removes anything that looks like an API key or an authorization header value from a message,
 * so error messages can be logged. A defence in depth: providers never put keys in messages.
 */
export function redactSecrets(message: string): string {
  let out = message;
  for (const [pattern, replacement] of REDACTIONS) out = out.replace(pattern, replacement);
  return out;
}

/** A loggable message for any thrown value, secrets redacted. */
export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return redactSecrets(message);
}
