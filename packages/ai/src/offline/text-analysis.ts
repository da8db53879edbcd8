const STOPWORDS = new Set(
  (
    "a an and are as at be been but by can could did do does for from had has have he her his how i " +
    "if in into is it its me my no not of on or our she so than that the their them then there these " +
    "they this those to us was we were what when where which while who why will with would you your " +
    "about after all also any because before being between both each few more most other over own " +
    "same should some such through under until up very just only out"
  ).split(" "),
);

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'-]*/gu;

/** Every word of `text`, lowercased, in order. */
export function words(text: string): string[] {
  return (text.match(WORD) ?? []).map((w) => w.toLowerCase());
}

/** Words that carry meaning: not stopwords, at least two characters. */
export function contentWords(text: string): string[] {
  return words(text).filter((w) => w.length > 1 && !STOPWORDS.has(w));
}

/**
 * Estimated tokens of a text for the offline provider: its number of words (runs of letters and
 * digits). Real tokenizers give roughly 1.3 tokens per English word; this is an estimate only.
 */
export function estimateTokens(text: string): number {
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).length;
}

/** Sentences of a text: split after `.`, `!`, `?` followed by space, and at line breaks. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/u)
    .map((s) => s.trim())
    .filter((s) => words(s).length > 0);
}

/** How often each content word occurs. */
export function wordFrequencies(text: string): Map<string, number> {
  const freq = new Map<string, number>();
  for (const word of contentWords(text)) freq.set(word, (freq.get(word) ?? 0) + 1);
  return freq;
}

/** Content words by frequency (descending), ties by first occurrence. */
export function keywords(text: string): string[] {
  return [...wordFrequencies(text).entries()].sort((a, b) => b[1] - a[1]).map(([word]) => word);
}

/** A sentence with its position and score. */
export interface ScoredSentence {
  text: string;
  index: number;
  score: number;
}

/**
 * Scores every sentence by the frequency of its content words across the whole text
 * (sum of normalized frequencies divided by the square root of its length), highest first,
 * ties by position.
 */
export function rankSentences(text: string): ScoredSentence[] {
  const freq = wordFrequencies(text);
  const max = Math.max(1, ...freq.values());
  return sentences(text)
    .map((sentence, index) => {
      const content = contentWords(sentence);
      const total = content.reduce((sum, w) => sum + (freq.get(w) ?? 0) / max, 0);
      return { text: sentence, index, score: total / Math.sqrt(Math.max(1, content.length)) };
    })
    .sort((a, b) => b.score - a.score || a.index - b.index);
}
