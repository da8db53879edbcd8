import { isSecretKey } from "./secret-key";
import { registeredSecretValues } from "./secret-values";

/** What a redacted secret is replaced with. */
export const REDACTED = "[redacted]";

/** Value formats of credentials, each replaced whole. */
const SECRET_FORMATS: readonly RegExp[] = [
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
  /\bsk-(?:ant-|proj-|svcacct-|admin-)?[A-Za-z0-9_-]{8,}/g, // Anthropic and OpenAI keys
  /\bAIza[0-9A-Za-z_-]{20,}/g, // Google API keys
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, // AWS access key ids
  /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, // Slack tokens
  /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}/g, // Stripe keys
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, // JSON Web Tokens
];

/** `Bearer <token>` (the scheme is kept). */
const BEARER = /\b(Bearer|Token)\s+[A-Za-z0-9._~+/=-]{8,}/gi;

/**
 * `Basic <base64>` (the scheme is kept). The credential must look encoded (a digit, `+`, `/`,
 * `=`, or a capital after its first letter), so "Basic authentication" stays prose.
 */
const BASIC =
  /\b(Basic|BASIC|basic)\s+(?=[A-Za-z0-9+/]*[0-9+/=]|[A-Za-z0-9+/][a-z0-9+/]*[A-Z])[A-Za-z0-9+/]{8,}={0,2}/g;

/** `scheme://user:password@host`: the password is replaced. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:@/?#]*):([^\s@/?#]+)@/gi;

/**
 * `name=value`, `name: value`, `"name": "value"` where `name` is a secret key: the value is
 * replaced. The value is a quoted string, an auth scheme and its token, or a bare word.
 */
const KEY_VALUE =
  /(["']?)([A-Za-z][A-Za-z0-9_.-]*)\1(\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'[^']*'|(?:Bearer|Basic|Token)\s+[^\s"',;&]+|[^\s"',;&)}\]]+)/g;

function redactKeyValues(text: string): string {
  return text.replace(
    KEY_VALUE,
    (match, quote: string, name: string, separator: string, value: string) => {
      const last = name.split(".").pop() ?? name;
      if (!isSecretKey(last) || value.includes(REDACTED.slice(0, -1))) return match;
      if (/^\d+$/.test(value) && /^tokens?$/i.test(last)) return match; // a token count
      const replaced =
        value.startsWith('"') || value.startsWith("'")
          ? `${value[0]}${REDACTED}${value[0]}`
          : REDACTED;
      return `${quote}${name}${quote}${separator}${replaced}`;
    },
  );
}

/**
 * A copy of `text` without anything that looks like a credential: the registered secret values
 * (see {@link registerSecretValue}), provider key formats (`sk-ant-…`, `sk-…`, `sk-proj-…`,
 * `AIza…`, `AKIA…`, `ghp_…`, `xox…-`, JWTs, PEM private keys), `Bearer` / `Basic` credentials,
 * passwords in URLs (`postgres://user:…@host`), and the values of secret-named fields written as
 * `api_key=…`, `password: …` or `"token": "…"`. Everything else is kept as written.
 *
 * @param text - the text to clean.
 * @param extraValues - further exact values to remove (e.g. keys known only to the caller).
 *
 * @example
 * ```ts
 * redactText("401 for api_key=abc123 at postgres://app:hunter22@db/prod");
 * // "401 for api_key=[redacted] at postgres://app:[redacted]@db/prod"
 * ```
 */
export function redactText(text: string, extraValues: readonly string[] = []): string {
  let out = text;
  for (const value of [...extraValues, ...registeredSecretValues()]) {
    if (value !== "" && out.includes(value)) out = out.split(value).join(REDACTED);
  }
  for (const format of SECRET_FORMATS) out = out.replace(format, REDACTED);
  out = out.replace(BEARER, (_match, scheme: string) => `${scheme} ${REDACTED}`);
  out = out.replace(BASIC, (_match, scheme: string) => `${scheme} ${REDACTED}`);
  out = out.replace(
    URL_CREDENTIALS,
    (_match, prefix: string, user: string) => `${prefix}${user}:${REDACTED}@`,
  );
  return redactKeyValues(out);
}

/** True when `text` holds something {@link redactText} would remove. */
export function containsSecretText(text: string): boolean {
  return redactText(text) !== text;
}
