import {
  type ProviderPromptInput,
  type ProviderTextResponse,
  schemaIdentifier,
} from "@stageflow/ai";
import type { AnthropicMessage, AnthropicMessageBody, AnthropicTool } from "./anthropic-client";

/** `max_tokens` is required by the Messages API; used when a request sets no `maxTokens`. */
export const DEFAULT_MAX_TOKENS = 4096;

/**
 * Build a Messages body. A JSON Schema becomes one tool that the model is forced to call
 * (`tool_choice: { type: "tool" }`); its `input` is the structured output.
 */
export function buildMessageBody(input: ProviderPromptInput): AnthropicMessageBody {
  const body: AnthropicMessageBody = {
    model: input.model,
    max_tokens: input.maxTokens ?? DEFAULT_MAX_TOKENS,
    messages: [{ role: "user", content: input.prompt }],
  };
  if (input.system !== undefined) body.system = input.system;
  if (input.temperature !== undefined) body.temperature = input.temperature;
  if (input.jsonSchema !== undefined) {
    const tool = toolFor(input.jsonSchema, input.schemaName);
    body.tools = [tool];
    body.tool_choice = { type: "tool", name: tool.name };
  }
  return body;
}

/** The forced tool; a root schema that is not an object is rejected by the API (400). */
function toolFor(
  jsonSchema: Record<string, unknown>,
  schemaName: string | undefined,
): AnthropicTool {
  const { $schema: _dialect, ...schema } = jsonSchema;
  return {
    // Tool names must match `^[a-zA-Z0-9_-]{1,64}$`.
    name: schemaIdentifier(schemaName),
    description: "Respond by calling this tool with the requested data.",
    input_schema: schema as AnthropicTool["input_schema"],
  };
}

/**
 * Read text and usage from a message. A `tool_use` block (structured output) is returned as
 * JSON text of its input; otherwise the text blocks are concatenated. Input tokens include
 * cache writes and reads.
 */
export function readMessage(message: AnthropicMessage): ProviderTextResponse {
  const toolUse = message.content.find((block) => block.type === "tool_use");
  const text = toolUse
    ? JSON.stringify(toolUse.input ?? {})
    : message.content.map((block) => (block.type === "text" ? (block.text ?? "") : "")).join("");
  const usage = message.usage;
  const response: ProviderTextResponse = {
    text,
    inputTokens:
      usage.input_tokens +
      (usage.cache_creation_input_tokens ?? 0) +
      (usage.cache_read_input_tokens ?? 0),
    outputTokens: usage.output_tokens,
  };
  if (message.stop_reason) response.finishReason = message.stop_reason;
  if (message.id) response.responseId = message.id;
  return response;
}
