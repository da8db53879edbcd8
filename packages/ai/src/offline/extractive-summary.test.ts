import { describe, expect, it } from "vitest";
import { extractiveSummary, truncateWords } from "./extractive-summary";
import { estimateTokens, keywords, sentences } from "./text-analysis";

const ARTICLE = [
  "Stageflow runs durable workflows for AI pipelines.",
  "The weather was nice yesterday.",
  "Durable workflows survive crashes because workflows keep their state in a database.",
  "Lunch was pasta.",
  "Workflows can suspend on batch APIs and resume later.",
  "Someone said hello.",
].join(" ");

describe("extractiveSummary", () => {
  it("keeps the sentences richest in frequent words, in their original order", () => {
    expect(extractiveSummary(ARTICLE)).toBe(
      "Stageflow runs durable workflows for AI pipelines. " +
        "Durable workflows survive crashes because workflows keep their state in a database.",
    );
  });

  it("is deterministic and honours maxSentences and maxWords", () => {
    expect(extractiveSummary(ARTICLE)).toBe(extractiveSummary(ARTICLE));
    expect(extractiveSummary(ARTICLE, { maxSentences: 1 })).toBe(
      "Durable workflows survive crashes because workflows keep their state in a database.",
    );
    expect(extractiveSummary(ARTICLE, { maxWords: 4 }).split(" ")).toHaveLength(4);
    expect(extractiveSummary("")).toBe("");
  });

  it("splits sentences and estimates tokens as words", () => {
    expect(sentences("One. Two!\nThree? ...")).toEqual(["One.", "Two!", "Three?"]);
    expect(estimateTokens("Hello, world — it's 2026!")).toBe(5);
    expect(keywords("cats and dogs and cats")).toEqual(["cats", "dogs"]);
    expect(truncateWords("a b c", 2)).toBe("a b");
  });
});
