import {
  type ProviderPromptInput,
  type ProviderTextResponse,
  schemaIdentifier,
} from "@stageflow/ai";
import type { OpenAIChatBody, OpenAIChatCompletion, OpenAIChatMessage } from "./openai-client";

/** Build a chat-completions body; a JSON Schema turns on strict `json_schema` output. */
export function buildChatBody(input: ProviderPromptInput): OpenAIChatBody {
  const messages: OpenAIChatMessage[] = [];
  if (input.system !== undefined) messages.push({ role: "system", content: input.system });
  messages.push({ role: "user", content: input.prompt });
  const body: OpenAIChatBody = { model: input.model, messages };
  if (input.maxTokens !== undefined) body.max_completion_tokens = input.maxTokens;
  if (input.temperature !== undefined) body.temperature = input.temperature;
  if (input.jsonSchema !== undefined) {
    const { $schema: _dialect, ...schema } = input.jsonSchema;
    body.response_format = {
      type: "json_schema",
      // OpenAI requires `^[a-zA-Z0-9_-]{1,64}$` for schema names.
      json_schema: { name: schemaIdentifier(input.schemaName), strict: true, schema },
    };
  }
  return body;
}

/** Read text and usage from a chat completion; a refusal comes back as `undefined` text. */
export function readChatCompletion(
  completion: OpenAIChatCompletion,
): ProviderTextResponse & { refusal?: string } {
  const choice = completion.choices[0];
  const response: ProviderTextResponse & { refusal?: string } = {
    text: choice?.message.content ?? "",
    inputTokens: completion.usage?.prompt_tokens ?? 0,
    outputTokens: completion.usage?.completion_tokens ?? 0,
  };
  if (choice?.finish_reason) response.finishReason = choice.finish_reason;
  if (completion.id) response.responseId = completion.id;
  if (choice?.message.refusal) response.refusal = choice.message.refusal;
  return response;
}
