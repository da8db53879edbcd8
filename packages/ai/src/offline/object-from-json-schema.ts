import { fakeBoolean, fakeNumber, fakeString } from "./fake-primitives";
import { analyzePrompt, FactCursor } from "./prompt-facts";

type Schema = Record<string, unknown>;

interface Context {
  name: string | undefined;
  depth: number;
  inArray: boolean;
}

/** Below this depth optional properties are left out and arrays get their minimum length. */
const DETAIL_DEPTH = 3;

/**
 * Builds a value that satisfies a JSON Schema (as produced by `z.toJSONSchema`), deterministically
 * from a prompt, without a language model: strings are salient sentences or keywords, numbers are
 * counts (words, sentences, keywords) kept within bounds, booleans say whether the property name
 * occurs in the prompt, arrays of strings are keywords, enums and unions take their first member,
 * `const` its value. Required properties are always present; `$ref` (local) is followed.
 *
 * @example
 * ```ts
 * objectFromJsonSchema(z.toJSONSchema(z.object({ title: z.string(), tags: z.array(z.string()) })),
 *   "Stageflow runs durable workflows. Workflows suspend on batches.");
 * // { title: "workflows", tags: ["stageflow", "runs", ...] }
 * ```
 */
export function objectFromJsonSchema(schema: Schema, prompt: string): unknown {
  const cursor = new FactCursor(analyzePrompt(prompt));
  return generate(schema, schema, cursor, { name: undefined, depth: 0, inArray: false });
}

function generate(node: unknown, root: Schema, cursor: FactCursor, ctx: Context): unknown {
  if (node === false) return null;
  if (!isSchema(node)) return cursor.nextSentence();
  if (typeof node.$ref === "string") {
    if (ctx.depth > 20) return null;
    return generate(resolveRef(node.$ref, root), root, cursor, { ...ctx, depth: ctx.depth + 1 });
  }
  if ("const" in node) return node.const;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
  const union = (node.anyOf ?? node.oneOf) as unknown;
  if (Array.isArray(union) && union.length > 0) {
    const option = union.find((o) => !(isSchema(o) && o.type === "null")) ?? union[0];
    return generate(option, root, cursor, ctx);
  }
  if (Array.isArray(node.allOf) && node.allOf.length > 0) {
    const parts = node.allOf.map((part) => generate(part, root, cursor, ctx));
    return parts.every(isPlainObject) ? Object.assign({}, ...parts) : parts[0];
  }
  switch (typeOf(node)) {
    case "object":
      return generateObject(node, root, cursor, ctx);
    case "array":
      return generateArray(node, root, cursor, ctx);
    case "integer":
    case "number":
      return fakeNumber(node, ctx.name, cursor);
    case "boolean":
      return fakeBoolean(ctx.name, cursor);
    case "null":
      return null;
    default:
      return fakeString(node, ctx.name, cursor, ctx.inArray);
  }
}

function generateObject(node: Schema, root: Schema, cursor: FactCursor, ctx: Context): unknown {
  const properties = isSchema(node.properties) ? node.properties : {};
  const required = new Set(Array.isArray(node.required) ? node.required.map(String) : []);
  const extra = node.additionalProperties;
  const out: Record<string, unknown> = {};
  const child = (name: string): Context => ({ name, depth: ctx.depth + 1, inArray: false });
  for (const [key, sub] of Object.entries(properties)) {
    if (required.has(key) || ctx.depth < DETAIL_DEPTH)
      out[key] = generate(sub, root, cursor, child(key));
  }
  for (const key of required) {
    if (!(key in out)) out[key] = generate(isSchema(extra) ? extra : {}, root, cursor, child(key));
  }
  const minProperties = typeof node.minProperties === "number" ? node.minProperties : 0;
  for (let i = 0; Object.keys(out).length < minProperties && extra !== false && i < 100; i++) {
    const key = `${cursor.nextKeyword()}${i === 0 ? "" : `_${i}`}`;
    if (!(key in out)) out[key] = generate(isSchema(extra) ? extra : {}, root, cursor, child(key));
  }
  return out;
}

function generateArray(node: Schema, root: Schema, cursor: FactCursor, ctx: Context): unknown[] {
  const min = typeof node.minItems === "number" ? node.minItems : 0;
  const max = typeof node.maxItems === "number" ? node.maxItems : Number.POSITIVE_INFINITY;
  const itemCtx: Context = { name: ctx.name, depth: ctx.depth + 1, inArray: true };
  const out: unknown[] = [];
  if (Array.isArray(node.prefixItems)) {
    for (const item of node.prefixItems) out.push(generate(item, root, cursor, itemCtx));
  }
  const items = node.items;
  if (items === false) return out;
  const { facts } = cursor;
  const stringy = isSchema(items) && typeOf(items) === "string" && !items.enum;
  const wanted =
    ctx.depth >= DETAIL_DEPTH || out.length > 0
      ? 0
      : stringy
        ? Math.min(Math.max(1, facts.keywords.length), 5)
        : Math.min(Math.max(1, facts.sentenceCount), 3);
  const count = Math.min(max, Math.max(min, out.length + wanted));
  while (out.length < count) out.push(generate(items ?? {}, root, cursor, itemCtx));
  return node.uniqueItems === true ? makeUnique(out) : out;
}

function makeUnique(values: unknown[]): unknown[] {
  const seen = new Set<string>();
  return values.map((value, i) => {
    if (typeof value !== "string") return value;
    let unique = value;
    for (let n = i + 1; seen.has(unique); n++) unique = `${value} ${n}`;
    seen.add(unique);
    return unique;
  });
}

function typeOf(node: Schema): string | undefined {
  const type = node.type;
  if (typeof type === "string") return type;
  if (Array.isArray(type)) return (type.find((t) => t !== "null") ?? type[0]) as string | undefined;
  if (isSchema(node.properties) || node.additionalProperties !== undefined) return "object";
  if (node.items !== undefined || node.prefixItems !== undefined) return "array";
  return undefined;
}

function resolveRef(ref: string, root: Schema): unknown {
  if (ref === "#") return root;
  if (!ref.startsWith("#/")) return {};
  let target: unknown = root;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    target = isSchema(target) ? target[key] : undefined;
  }
  return target ?? {};
}

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return isSchema(value);
}
