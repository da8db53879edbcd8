import { GoogleGenAI } from "@google/genai";
import type { AIProvider, ProviderBatchApi } from "@stageflow/ai";
import { expectTypeOf, test } from "vitest";
import {
  type GoogleGenAIClientLike,
  type GoogleProviderOptions,
  googleProvider,
} from "../src/index";

test("a real GoogleGenAI client satisfies the client shape", () => {
  expectTypeOf<GoogleGenAI>().toExtend<GoogleGenAIClientLike>();
  expectTypeOf({ client: new GoogleGenAI({ apiKey: "k" }) }).toExtend<GoogleProviderOptions>();
});

test("the provider is an AIProvider with embed and batch present", () => {
  const provider = googleProvider({ apiKey: "k" });
  expectTypeOf(provider).toExtend<AIProvider>();
  expectTypeOf(provider.batch).toEqualTypeOf<ProviderBatchApi>();
  expectTypeOf(provider.embed).not.toBeUndefined();
});
