import type { DashboardBasicAuth } from "../dashboard-options";

const encoder = new TextEncoder();

/**
 * Compares two strings in time that depends on their lengths only, never on where they differ
 * (both are hashed first, so the lengths do not leak either).
 */
async function sameText(a: string, b: string): Promise<boolean> {
  const [left, right] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(a)),
    crypto.subtle.digest("SHA-256", encoder.encode(b)),
  ]);
  const x = new Uint8Array(left);
  const y = new Uint8Array(right);
  let difference = 0;
  for (let index = 0; index < x.length; index++) difference |= (x[index] ?? 0) ^ (y[index] ?? 0);
  return difference === 0;
}

function decodeBase64(text: string): string | undefined {
  try {
    const binary = atob(text);
    return new TextDecoder("utf-8", { fatal: true }).decode(
      Uint8Array.from(binary, (char) => char.charCodeAt(0)),
    );
  } catch {
    return undefined;
  }
}

/**
 * True when `request` carries `Authorization: Basic …` with exactly these credentials. Both the
 * user name and the password are always compared, in constant time.
 */
export async function hasBasicCredentials(
  request: Request,
  expected: DashboardBasicAuth,
): Promise<boolean> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  const decoded = match?.[1] === undefined ? undefined : decodeBase64(match[1]);
  const colon = decoded?.indexOf(":") ?? -1;
  const username = decoded !== undefined && colon >= 0 ? decoded.slice(0, colon) : "";
  const password = decoded !== undefined && colon >= 0 ? decoded.slice(colon + 1) : "";
  const [userOk, passwordOk] = await Promise.all([
    sameText(username, expected.username),
    sameText(password, expected.password),
  ]);
  return decoded !== undefined && colon >= 0 && userOk && passwordOk;
}
