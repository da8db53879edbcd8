import type { FactCursor } from "./prompt-facts";
import { contentWords } from "./text-analysis";

type Schema = Record<string, unknown>;

const FORMAT_VALUES: Record<string, string> = {
  "date-time": "2000-01-01T00:00:00Z",
  date: "2000-01-01",
  time: "00:00:00",
  duration: "P1D",
  email: "offline@example.com",
  "idn-email": "offline@example.com",
  uri: "https://example.com/",
  url: "https://example.com/",
  "uri-reference": "https://example.com/",
  iri: "https://example.com/",
  uuid: "00000000-0000-4000-8000-000000000000",
  guid: "00000000-0000-4000-8000-000000000000",
  hostname: "example.com",
  ipv4: "127.0.0.1",
  ipv6: "::1",
};

const KEYWORD_NAMES =
  /(title|name|label|tag|keyword|topic|categor|type|kind|word|term|entity|language|subject|key|id)$/i;
const SENTENCE_NAMES =
  /(summary|description|reason|explanation|text|content|sentence|quote|answer|body|detail|note|comment|message|point|highlight)/i;

/**
 * A string for `schema`: a fixed sample for known formats, else a keyword (names like `title`,
 * `tags`, array items) or a salient sentence, fitted to `pattern`, `minLength` and `maxLength`.
 */
export function fakeString(
  schema: Schema,
  name: string | undefined,
  cursor: FactCursor,
  inArray: boolean,
): string {
  const format = typeof schema.format === "string" ? FORMAT_VALUES[schema.format] : undefined;
  const wantsKeyword =
    name !== undefined && !SENTENCE_NAMES.test(name)
      ? KEYWORD_NAMES.test(name) || inArray
      : inArray;
  let value = format ?? (wantsKeyword ? cursor.nextKeyword() : cursor.nextSentence());
  if (typeof schema.pattern === "string") value = matchPattern(schema.pattern, value, cursor);
  return fitLength(value, schema, cursor);
}

function matchPattern(pattern: string, preferred: string, cursor: FactCursor): string {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, "u");
  } catch {
    return preferred;
  }
  const bases = [
    preferred,
    ...cursor.facts.keywords.slice(0, 5),
    String(cursor.facts.wordCount),
    "a",
    "0",
  ];
  for (const base of bases) {
    for (const variant of [base, base.toUpperCase(), base.toLowerCase()]) {
      for (let n = variant.length; n >= 1; n--) {
        const candidate = variant.slice(0, n);
        if (regex.test(candidate)) return candidate;
      }
    }
  }
  return preferred;
}

function fitLength(value: string, schema: Schema, cursor: FactCursor): string {
  const min = typeof schema.minLength === "number" ? schema.minLength : 0;
  const max = typeof schema.maxLength === "number" ? schema.maxLength : Number.POSITIVE_INFINITY;
  let out = value;
  for (let i = 0; out.length < min && i < 50; i++) out = `${out} ${cursor.nextKeyword()}`;
  if (out.length < min) out = out.padEnd(min, "x");
  if (out.length > max) {
    const cut = out.slice(0, max);
    const space = cut.lastIndexOf(" ");
    out = space >= Math.max(min, 1) ? cut.slice(0, space) : cut;
  }
  return out;
}

const FRACTION_NAMES =
  /(confidence|probability|score|ratio|relevance|weight|certainty|similarity)/i;

/**
 * A number for `schema` from the prompt's counts (words by default; sentences or keywords when the
 * name says so; a fraction for names like `confidence`), moved inside the schema's bounds and
 * onto its `multipleOf`.
 */
export function fakeNumber(schema: Schema, name: string | undefined, cursor: FactCursor): number {
  const { facts } = cursor;
  const integer = schema.type === "integer";
  let value = facts.wordCount;
  if (name && FRACTION_NAMES.test(name)) value = 1 - 1 / (1 + facts.sentenceCount);
  else if (name && /sentence/i.test(name)) value = facts.sentenceCount;
  else if (name && /(keyword|topic|tag|unique)/i.test(name)) value = facts.keywords.length;
  return constrainNumber(integer ? Math.round(value) : Number(value.toFixed(2)), schema, integer);
}

function constrainNumber(value: number, schema: Schema, integer: boolean): number {
  const num = (key: string) =>
    typeof schema[key] === "number" ? (schema[key] as number) : undefined;
  let lo = num("minimum") ?? Number.NEGATIVE_INFINITY;
  let hi = num("maximum") ?? Number.POSITIVE_INFINITY;
  const exLo = num("exclusiveMinimum");
  const exHi = num("exclusiveMaximum");
  const range = (exHi ?? hi) - (exLo ?? lo);
  const step = integer || !Number.isFinite(range) || range <= 0 ? 1 : Math.min(1, range / 100);
  if (exLo !== undefined) lo = Math.max(lo, integer ? Math.floor(exLo) + 1 : exLo + step);
  if (exHi !== undefined) hi = Math.min(hi, integer ? Math.ceil(exHi) - 1 : exHi - step);
  if (integer) {
    lo = Math.ceil(lo);
    hi = Math.floor(hi);
  }
  let out = Math.min(hi, Math.max(lo, value));
  const multipleOf = num("multipleOf");
  if (multipleOf !== undefined && multipleOf > 0) {
    const round = (k: number) => Number((k * multipleOf).toFixed(10));
    const candidates = [
      Math.round(out / multipleOf),
      Math.ceil(lo / multipleOf),
      Math.floor(hi / multipleOf),
    ];
    out = candidates.map(round).find((c) => c >= lo && c <= hi) ?? out;
  }
  return out;
}

/** `true` when a content word of the property name occurs in the prompt; without a name, when the prompt has words. */
export function fakeBoolean(name: string | undefined, cursor: FactCursor): boolean {
  if (name === undefined) return cursor.facts.wordCount > 0;
  const parts = contentWords(name.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " "));
  return parts.some((part) => cursor.facts.vocabulary.has(part));
}
