const PRIMITIVE_ARRAY =
  /\[\n((?:[ ]+(?:"(?:[^"\\\n]|\\.)*"|-?\d[\d.eE+-]*|true|false|null),?\n)+)[ ]*\]/g;

/**
 * `JSON.stringify(value, null, 2)` laid out as the repository's formatter (Biome) lays out JSON:
 * arrays of primitives on one line when they fit in 100 columns, so `biome check` accepts the
 * results files as written.
 */
export function toJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2);
  return `${text.replace(PRIMITIVE_ARRAY, (match, body: string, offset: number) => {
    const items = body
      .trim()
      .split("\n")
      .map((line) => line.trim().replace(/,$/, ""));
    const inline = `[${items.join(", ")}]`;
    const lineStart = text.lastIndexOf("\n", offset) + 1;
    const rest = text.slice(offset + match.length).split("\n", 1)[0] ?? "";
    return offset - lineStart + inline.length + rest.length <= 100 ? inline : match;
  })}\n`;
}
