import { InvalidQueryError } from "../errors/command-errors";
import type { RunPosition } from "../ports/run-queries";

/** What a cursor remembers: the order it was made for and the last row's position. */
interface CursorContent {
  readonly order: string;
  readonly position: RunPosition;
}

/** An opaque cursor (base64url JSON) for the row at `position` of a listing in `order`. */
export function encodeCursor(order: string, position: RunPosition): string {
  const json = JSON.stringify({ o: order, t: position.createdAt.getTime(), i: position.id });
  return toBase64Url(json);
}

/**
 * The position in `cursor`, checked to be one this API made for `order`.
 *
 * @throws {@link InvalidQueryError} for anything else.
 */
export function decodeCursor(
  query: string,
  order: string,
  cursor: unknown,
): RunPosition | undefined {
  if (cursor === undefined) return undefined;
  const content = typeof cursor === "string" ? parse(cursor) : undefined;
  if (content === undefined) {
    throw new InvalidQueryError(query, "cursor", "is not a cursor returned by this query");
  }
  if (content.order !== order) {
    throw new InvalidQueryError(
      query,
      "cursor",
      `was made for order "${content.order}", not "${order}"`,
    );
  }
  return content.position;
}

function parse(cursor: string): CursorContent | undefined {
  try {
    const value: unknown = JSON.parse(fromBase64Url(cursor));
    if (typeof value !== "object" || value === null) return undefined;
    const { o, t, i } = value as Record<string, unknown>;
    if (typeof o !== "string" || typeof i !== "string" || typeof t !== "number") return undefined;
    if (!Number.isSafeInteger(t)) return undefined;
    return { order: o, position: { createdAt: new Date(t), id: i } };
  } catch {
    return undefined;
  }
}

function toBase64Url(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  return new TextDecoder("utf-8", { fatal: true }).decode(
    Uint8Array.from(binary, (char) => char.charCodeAt(0)),
  );
}
