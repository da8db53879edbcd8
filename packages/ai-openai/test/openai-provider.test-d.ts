import type { AIProvider, ProviderBatchApi } from "@stageflow/ai";
import OpenAI from "openai";
import { expectTypeOf, test } from "vitest";
import { type OpenAIClientLike, type OpenAIProviderOptions, openaiProvider } from "../src/index";

test("a real OpenAI client satisfies the client shape", () => {
  expectTypeOf<OpenAI>().toExtend<OpenAIClientLike>();
  expectTypeOf({ client: new OpenAI({ apiKey: "k" }) }).toExtend<OpenAIProviderOptions>();
});

test("the provider is an AIProvider with embed and batch present", () => {
  const provider = openaiProvider({ apiKey: "k" });
  expectTypeOf(provider).toExtend<AIProvider>();
  expectTypeOf(provider.batch).toEqualTypeOf<ProviderBatchApi>();
  expectTypeOf(provider.embed).not.toBeUndefined();
});
