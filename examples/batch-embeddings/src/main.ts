/**
 * `pnpm start`: embeds a few texts through a batch API and prints each chunk's nearest neighbour.
 * With `OPENAI_API_KEY` set it uses OpenAI's Batch API (`text-embedding-3-small`; a real batch can
 * take minutes to hours), otherwise the offline provider (hashed vectors, no network).
 */
import { offlineProvider } from "@stageflow/ai";
import { openaiProvider } from "@stageflow/ai-openai";
import { runBatchEmbeddings } from "./run-batch-embeddings";

const TEXTS = [
  { id: "tides", text: "The tide comes in twice a day, pulled by the moon across the harbour." },
  { id: "moon", text: "The moon pulls the sea, and the harbour fills and empties with the tide." },
  { id: "bread", text: "Bread rises slowly in a warm kitchen while the oven heats." },
  { id: "oven", text: "A hot oven and patient dough give bread its crust." },
];

const key = process.env.OPENAI_API_KEY;
const setup = key
  ? {
      providers: [openaiProvider({ apiKey: key })],
      model: "text-embedding-3-small",
      pollMs: 60_000,
    }
  : { providers: [offlineProvider({ batchDelayMs: 1_000 })], model: "offline-embed", pollMs: 250 };

console.log(`Embedding ${TEXTS.length} texts with ${setup.model} through the batch API…`);
const result = await runBatchEmbeddings({ filename: ":memory:", setup, texts: TEXTS });
console.log(result.status, JSON.stringify(result.output, null, 2));
console.log(`tokens ${result.totalTokens}, cost $${result.totalCost.toFixed(6)} (batch price)`);
