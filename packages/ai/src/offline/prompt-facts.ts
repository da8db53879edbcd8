import { contentWords, keywords, rankSentences, words } from "./text-analysis";

/** What the offline provider reads from a prompt to fill structured output. */
export interface PromptFacts {
  /** Sentences, most salient first. */
  sentences: string[];
  /** Content words, most frequent first. */
  keywords: string[];
  /** Every content word of the prompt. */
  vocabulary: Set<string>;
  wordCount: number;
  sentenceCount: number;
}

/** Analyzes a prompt once for {@link PromptFacts}. */
export function analyzePrompt(prompt: string): PromptFacts {
  const sentences = rankSentences(prompt).map((s) => s.text);
  return {
    sentences,
    keywords: keywords(prompt),
    vocabulary: new Set(contentWords(prompt)),
    wordCount: words(prompt).length,
    sentenceCount: sentences.length,
  };
}

/**
 * Hands out salient sentences and keywords in turn (cycling), so the fields of one generated
 * object get different values, deterministically.
 */
export class FactCursor {
  private sentenceIndex = 0;
  private keywordIndex = 0;

  constructor(readonly facts: PromptFacts) {}

  /** The next salient sentence, or `"offline"` for an empty prompt. */
  nextSentence(): string {
    const { sentences } = this.facts;
    const sentence = sentences[this.sentenceIndex % Math.max(1, sentences.length)];
    this.sentenceIndex += 1;
    return sentence ?? "offline";
  }

  /** The next keyword, or `"offline"` for an empty prompt. */
  nextKeyword(): string {
    const { keywords } = this.facts;
    const keyword = keywords[this.keywordIndex % Math.max(1, keywords.length)];
    this.keywordIndex += 1;
    return keyword ?? "offline";
  }
}
