import type { ProviderPromptInput, ProviderTextResponse } from "@stageflow/ai";
import type {
  GoogleContent,
  GoogleGenerateConfig,
  GoogleGenerateContentResponse,
} from "./google-client";

/** The fields of a text, object or batch request (no model: it goes in the URL) that shape a generateContent call. */
export type ContentInput = Omit<ProviderPromptInput, "model"> & {
  signal?: AbortSignal | undefined;
};

/** One user turn holding the prompt. */
export function userContents(prompt: string): GoogleContent[] {
  return [{ role: "user", parts: [{ text: prompt }] }];
}

/** The generation config; a JSON Schema turns on `application/json` with `responseJsonSchema`. */
export function buildGenerateConfig(input: ContentInput): GoogleGenerateConfig {
  const config: GoogleGenerateConfig = {};
  if (input.system !== undefined) config.systemInstruction = input.system;
  if (input.maxTokens !== undefined) config.maxOutputTokens = input.maxTokens;
  if (input.temperature !== undefined) config.temperature = input.temperature;
  if (input.jsonSchema !== undefined) {
    const { $schema: _dialect, ...schema } = input.jsonSchema;
    config.responseMimeType = "application/json";
    config.responseJsonSchema = schema;
  }
  if (input.signal !== undefined) config.abortSignal = input.signal;
  return config;
}

/**
 * Text (thought parts skipped) and usage of a response. Output tokens are billed as
 * `candidatesTokenCount + thoughtsTokenCount`.
 */
export function readResponse(response: GoogleGenerateContentResponse): ProviderTextResponse {
  const candidate = response.candidates?.[0];
  const text = (candidate?.content?.parts ?? [])
    .filter((part) => !part.thought)
    .map((part) => part.text ?? "")
    .join("");
  const usage = response.usageMetadata;
  const result: ProviderTextResponse = {
    text,
    inputTokens: usage?.promptTokenCount ?? 0,
    outputTokens: (usage?.candidatesTokenCount ?? 0) + (usage?.thoughtsTokenCount ?? 0),
  };
  if (candidate?.finishReason) result.finishReason = candidate.finishReason;
  if (response.responseId) result.responseId = response.responseId;
  return result;
}
