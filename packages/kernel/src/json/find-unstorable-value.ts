/** Where and why a value cannot be stored as given (see {@link findUnstorableValue}). */
export interface UnstorableValue {
  /** Path from the value's root to the offending string, key or container (empty for the root). */
  readonly path: readonly (string | number)[];
  /** What is wrong there, e.g. `"contains U+0000 (NUL) at index 3"`. */
  readonly problem: string;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_CHARACTERS = new RegExp(`\u0000|${LONE_SURROGATE.source}`, "g");

/** `text` with every U+0000 and lone surrogate replaced by U+FFFD, so it can always be stored. */
export function toStorableText(text: string): string {
  return text.replace(UNSTORABLE_CHARACTERS, "\uFFFD");
}

/**
 * Why the text `text` cannot be stored, or `undefined` when it can. Postgres refuses U+0000 in
 * `text` and `jsonb`, and a lone UTF-16 surrogate has no UTF-8 form (Postgres refuses it in
 * `jsonb`, drivers silently replace it in `text`); both are refused so every adapter agrees.
 */
export function textProblem(text: string): string | undefined {
  const nul = text.indexOf("\u0000");
  if (nul >= 0) return `contains U+0000 (NUL) at index ${nul}, which Postgres cannot store`;
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate !== null) {
    const code = surrogate[0].charCodeAt(0).toString(16).toUpperCase();
    return `contains a lone UTF-16 surrogate (U+${code}) at index ${surrogate.index}, which has no UTF-8 form`;
  }
  return undefined;
}

/**
 * Finds the first place in `value` that a database cannot store as given: a string or object key
 * with U+0000 or a lone surrogate ({@link textProblem}), or (with `maxDepth`) arrays and objects
 * nested deeper than `maxDepth`. Walks iteratively, so no nesting overflows the stack; shared
 * references are visited once and cycles are not followed (`assertJsonValue` reports those).
 *
 * @param value - the value about to be stored.
 * @param options.maxDepth - the deepest nesting accepted (the root container is depth 1).
 */
export function findUnstorableValue(
  value: unknown,
  options: { readonly maxDepth?: number } = {},
): UnstorableValue | undefined {
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  const seen = new Set<object>();
  const stack: Node[] = [{ value, key: undefined, parent: undefined, depth: 0 }];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const current = node.value;
    if (typeof current === "string") {
      const problem = textProblem(current);
      if (problem !== undefined) return { path: pathOf(node), problem };
      continue;
    }
    if (typeof current !== "object" || current === null || current instanceof Date) continue;
    if (seen.has(current)) continue;
    seen.add(current);
    if (node.depth >= maxDepth) {
      return { path: pathOf(node), problem: `is nested deeper than ${maxDepth} levels` };
    }
    const entries: Array<[string | number, unknown]> = Array.isArray(current)
      ? current.map((item, index) => [index, item])
      : Object.entries(current);
    for (const [key] of entries) {
      if (typeof key !== "string") continue;
      const problem = textProblem(key);
      if (problem !== undefined) return { path: [...pathOf(node), key], problem: `key ${problem}` };
    }
    // Pushed in reverse so the first offending entry, in order, is reported first.
    for (let index = entries.length - 1; index >= 0; index--) {
      const [key, item] = entries[index] as [string | number, unknown];
      stack.push({ value: item, key, parent: node, depth: node.depth + 1 });
    }
  }
  return undefined;
}

interface Node {
  readonly value: unknown;
  readonly key: string | number | undefined;
  readonly parent: Node | undefined;
  readonly depth: number;
}

function pathOf(node: Node): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at: Node | undefined = node; at?.key !== undefined; at = at.parent) path.unshift(at.key);
  return path;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * `path` as text after `root`: `root.a[2].b`; a key that is not an identifier is quoted and
 * escaped (`root["a b"]`, `root["\\u0000"]`), so the text itself can always be stored.
 */
export function formatPath(root: string, path: readonly (string | number)[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === "number") return `${text}[${key}]`;
    return IDENTIFIER.test(key) ? `${text}.${key}` : `${text}[${JSON.stringify(key)}]`;
  }, root);
}
