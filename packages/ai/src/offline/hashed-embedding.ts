import { contentWords } from "./text-analysis";

/**
 * A deterministic bag-of-words embedding (no language model): each content word is hashed
 * (FNV-1a, 32 bit) to one of `dimensions` buckets with a sign taken from another hash bit
 * (feature hashing), counts are damped with `1 + ln(count)`, and the vector is L2-normalized.
 * Texts sharing words get a positive cosine similarity; synonyms do not. An empty text gives a
 * zero vector.
 *
 * @param text - the text to embed
 * @param dimensions - vector size (default 256)
 */
export function hashedEmbedding(text: string, dimensions = 256): number[] {
  if (!Number.isInteger(dimensions) || dimensions < 1) {
    throw new RangeError(`dimensions must be a positive integer, got ${dimensions}`);
  }
  const counts = new Map<string, number>();
  for (const word of contentWords(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  const vector = new Array<number>(dimensions).fill(0);
  for (const [word, count] of counts) {
    const hash = fnv1a(word);
    const index = hash % dimensions;
    const sign = hash >>> 31 === 1 ? -1 : 1;
    vector[index] = (vector[index] ?? 0) + sign * (1 + Math.log(count));
  }
  const norm = Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0));
  return norm === 0 ? vector : vector.map((v) => v / norm);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
