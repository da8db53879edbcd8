/**
 * A schema name as vendor APIs accept it for a tool, function or JSON Schema format name
 * (`^[a-zA-Z0-9_-]{1,64}$` on Anthropic and OpenAI): other characters become `_`, the result is
 * cut to 64 characters, and an empty or missing name becomes `output`.
 *
 * @example
 * ```ts
 * schemaIdentifier("blog post"); // "blog_post"
 * schemaIdentifier(undefined); // "output"
 * ```
 */
export function schemaIdentifier(name: string | undefined): string {
  const cleaned = (name ?? "").replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, 64);
  return cleaned === "" ? "output" : cleaned;
}
