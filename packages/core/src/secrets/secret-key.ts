/** Normalised key names (lower case, no `-`, `_`, `.` or spaces) that are secrets wherever they appear. */
const SECRET_NAMES: ReadonlySet<string> = new Set([
  "token",
  "secret",
  "password",
  "passwd",
  "pwd",
  "passphrase",
  "auth",
  "authorization",
  "bearer",
  "cookie",
  "setcookie",
  "credential",
  "apikey",
  "privatekey",
]);

/** Normalised fragments that mark a secret wherever they occur in a key (`aws_secret_access_key`). */
const SECRET_FRAGMENTS = [
  "apikey",
  "password",
  "passwd",
  "passphrase",
  "privatekey",
  "secretkey",
  "secretaccesskey",
  "clientsecret",
  "accesstoken",
  "authtoken",
  "refreshtoken",
  "sessiontoken",
  "bearertoken",
  "idtoken",
];

/** Normalised endings that mark a secret (`client_secret`, `dbPwd`, `basicAuth`, `sessionCookie`). */
const SECRET_SUFFIXES = ["secret", "pwd", "auth", "cookie", "credential"];

function normalise(key: string): string {
  return key.toLowerCase().replace(/[-_.\s]/g, "");
}

function namesSecret(name: string): boolean {
  if (SECRET_NAMES.has(name)) return true;
  if (SECRET_FRAGMENTS.some((fragment) => name.includes(fragment))) return true;
  return SECRET_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

/**
 * True when an object key names a secret: `apiKey`, `api_key`, `apiKeys`, `secret(s)`,
 * `password`, `pwd`, `passphrase`, `token(s)`, `accessToken`, `auth`, `authorization`, `bearer`,
 * `cookie`, `privateKey`, `privateKeyPem`, `aws_secret_access_key`, `secretAccessKey` and their
 * variants (case, `-`, `_`, plural). Counters such as `maxTokens` or `inputTokens` and pagination
 * fields such as `nextPageToken` are not secrets.
 *
 * @example
 * ```ts
 * isSecretKey("aws_secret_access_key"); // true
 * isSecretKey("maxTokens"); // false
 * ```
 */
export function isSecretKey(key: string): boolean {
  const name = normalise(key);
  if (name === "") return false;
  if (namesSecret(name)) return true;
  return name.endsWith("s") && namesSecret(name.slice(0, -1));
}

/**
 * Keys whose children are names of fields rather than values (JSON Schema), so a schema with a
 * `token` property is not a secret.
 */
export const SCHEMA_NAME_KEYS: ReadonlySet<string> = new Set([
  "properties",
  "patternProperties",
  "$defs",
  "definitions",
]);
