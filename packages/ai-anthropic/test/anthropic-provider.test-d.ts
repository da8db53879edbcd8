import Anthropic from "@anthropic-ai/sdk";
import type { AIProvider, ProviderBatchApi } from "@stageflow/ai";
import { expectTypeOf, test } from "vitest";
import {
  type AnthropicClientLike,
  type AnthropicProviderOptions,
  anthropicProvider,
} from "../src/index";

test("a real Anthropic client satisfies the client shape", () => {
  expectTypeOf<Anthropic>().toExtend<AnthropicClientLike>();
  expectTypeOf({ client: new Anthropic({ apiKey: "k" }) }).toExtend<AnthropicProviderOptions>();
});

test("the provider is an AIProvider with batch present and no embed requirement", () => {
  const provider = anthropicProvider({ apiKey: "k" });
  expectTypeOf(provider).toExtend<AIProvider>();
  expectTypeOf(provider.batch).toEqualTypeOf<ProviderBatchApi>();
});
