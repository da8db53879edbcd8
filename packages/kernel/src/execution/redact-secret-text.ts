/**
 * Shapes of API keys and bearer tokens that must never reach stored text: Anthropic / OpenAI
 * (`sk-…`), Google (`AIza…`), and `Bearer …` headers.
 */
const SECRET_TEXT_PATTERNS: readonly RegExp[] = [
  /\bsk-[A-Za-z0-9_-]{8,}/g,
  /\bAIza[0-9A-Za-z_-]{20,}/g,
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/g,
];

/** The longest stack kept on a stored error. */
const MAX_STACK_CHARS = 4_000;

/**
 * `text` with every API-key-shaped token replaced by `[REDACTED]`, for stacks and messages that
 * are stored on runs and in logs.
 */
export function redactSecretText(text: string): string {
  let out = text;
  for (const pattern of SECRET_TEXT_PATTERNS) out = out.replace(pattern, "[REDACTED]");
  return out;
}

/** The stack of `error` to store: redacted and capped at 4 000 characters; undefined without one. */
export function storedStackOf(error: unknown): string | undefined {
  if (!(error instanceof Error) || typeof error.stack !== "string" || error.stack === "") {
    return undefined;
  }
  const stack = redactSecretText(error.stack);
  return stack.length > MAX_STACK_CHARS ? `${stack.slice(0, MAX_STACK_CHARS)}…` : stack;
}
