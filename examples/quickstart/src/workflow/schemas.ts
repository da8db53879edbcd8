import { z } from "zod";

/** The run input: one document. */
export const DocumentInput = z.object({
  /** Stable id derived from the file name, e.g. `river-mill`. */
  documentId: z.string().min(1),
  text: z.string().min(1),
});
export type DocumentInput = z.output<typeof DocumentInput>;

/** `extract`: the title, the paragraphs (the chunks we embed) and a word count. */
export const ExtractOutput = z.object({
  documentId: z.string(),
  title: z.string(),
  body: z.string(),
  paragraphs: z.array(z.string()).min(1),
  wordCount: z.number().int().nonnegative(),
});
export type ExtractOutput = z.output<typeof ExtractOutput>;

/** `summarize`: a short summary. */
export const SummaryOutput = z.object({ summary: z.string() });
export type SummaryOutput = z.output<typeof SummaryOutput>;

/** `keywords`: keywords and a one-word topic. */
export const KeywordsOutput = z.object({
  keywords: z.array(z.string()),
  topic: z.string(),
});
export type KeywordsOutput = z.output<typeof KeywordsOutput>;

/** `embed`: where the vectors were stored and what they look like. */
export const EmbedOutput = z.object({
  model: z.string(),
  chunks: z.number().int().nonnegative(),
  dimensions: z.number().int().nonnegative(),
  /** `ctx.storage` key of the vectors (one per paragraph, in order). */
  vectorsKey: z.string(),
  batchId: z.string(),
});
export type EmbedOutput = z.output<typeof EmbedOutput>;

/** `merge` and the run output: the enriched document. */
export const DocumentRecord = z.object({
  documentId: z.string(),
  title: z.string(),
  wordCount: z.number().int(),
  summary: z.string(),
  keywords: z.array(z.string()),
  topic: z.string(),
  embedding: z.object({
    model: z.string(),
    chunks: z.number().int(),
    dimensions: z.number().int(),
    vectorsKey: z.string(),
  }),
});
export type DocumentRecord = z.output<typeof DocumentRecord>;
