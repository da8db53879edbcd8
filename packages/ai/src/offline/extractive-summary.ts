import { rankSentences, words } from "./text-analysis";

/** Options of {@link extractiveSummary}. */
export interface ExtractiveSummaryOptions {
  /** Most sentences to keep. Default: a third of the sentences, between 1 and 3. */
  maxSentences?: number;
  /** Most words to return (the summary is cut at this many words). */
  maxWords?: number;
}

/**
 * A deterministic extractive summary (no language model): the highest-scoring sentences of
 * `text` by word frequency, in their original order, joined by spaces.
 *
 * @example
 * ```ts
 * extractiveSummary("Cats purr. Cats sleep a lot. Dogs bark.", { maxSentences: 1 }); // "Cats sleep a lot."
 * ```
 */
export function extractiveSummary(text: string, options: ExtractiveSummaryOptions = {}): string {
  const ranked = rankSentences(text);
  if (ranked.length === 0) return "";
  const limit = options.maxSentences ?? Math.min(3, Math.max(1, Math.ceil(ranked.length / 3)));
  const maxWords = options.maxWords ?? Number.POSITIVE_INFINITY;
  const picked: typeof ranked = [];
  let count = 0;
  for (const sentence of ranked) {
    if (picked.length >= limit) break;
    const n = words(sentence.text).length;
    if (picked.length > 0 && count + n > maxWords) continue;
    picked.push(sentence);
    count += n;
  }
  const summary = picked
    .sort((a, b) => a.index - b.index)
    .map((s) => s.text)
    .join(" ");
  return truncateWords(summary, maxWords);
}

/** Cuts `text` after `maxWords` whitespace-separated words. */
export function truncateWords(text: string, maxWords: number): string {
  if (!Number.isFinite(maxWords)) return text;
  const parts = text.split(/\s+/).filter(Boolean);
  return parts.length <= maxWords ? text : parts.slice(0, Math.max(0, maxWords)).join(" ");
}
