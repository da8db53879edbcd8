import type { ProviderBatchRequest, ProviderBatchResult } from "@stageflow/ai";
import { buildChatBody, readChatCompletion } from "./openai-chat-body";
import type { OpenAIChatCompletion } from "./openai-client";

/** The Batch API endpoint for a set of requests: embeddings or chat completions, never both. */
export type OpenAIBatchEndpoint = "/v1/chat/completions" | "/v1/embeddings";

/** The endpoint a batch of requests goes to, or `undefined` when kinds are mixed. */
export function batchEndpointFor(
  requests: ProviderBatchRequest[],
): OpenAIBatchEndpoint | undefined {
  const embeddings = requests.filter((r) => r.kind === "embedding").length;
  if (embeddings === 0) return "/v1/chat/completions";
  return embeddings === requests.length ? "/v1/embeddings" : undefined;
}

/** Build the JSONL input file: one `{custom_id, method, url, body}` line per request. */
export function buildBatchJsonl(
  model: string,
  endpoint: OpenAIBatchEndpoint,
  requests: ProviderBatchRequest[],
): string {
  const lines = requests.map((request) => {
    const body =
      endpoint === "/v1/embeddings"
        ? { model, input: request.prompt, encoding_format: "float" }
        : buildChatBody({ ...request, model });
    return JSON.stringify({ custom_id: request.id, method: "POST", url: endpoint, body });
  });
  return `${lines.join("\n")}\n`;
}

interface OutputLine {
  custom_id?: string;
  response?: { status_code?: number; body?: Record<string, unknown> } | null;
  error?: { code?: string; message?: string } | null;
}

/** Parse one output- or error-file line into a neutral result. */
export function parseBatchResultLine(line: string): ProviderBatchResult {
  const parsed = JSON.parse(line) as OutputLine;
  const id = String(parsed.custom_id);
  const status = parsed.response?.status_code ?? 0;
  const body = parsed.response?.body ?? {};
  if (status >= 200 && status < 300 && !parsed.error) {
    if (body.object === "list") {
      const data = body.data as Array<{ embedding: number[] }> | undefined;
      const usage = body.usage as { prompt_tokens?: number } | undefined;
      const vector = data?.[0]?.embedding ?? [];
      return {
        id,
        status: "succeeded",
        vector,
        inputTokens: usage?.prompt_tokens ?? 0,
        outputTokens: 0,
      };
    }
    const { text, refusal, inputTokens, outputTokens } = readChatCompletion(
      body as unknown as OpenAIChatCompletion,
    );
    if (refusal !== undefined)
      return { id, status: "failed", error: refusal, inputTokens, outputTokens };
    return { id, status: "succeeded", text, inputTokens, outputTokens };
  }
  const bodyError = body.error as { message?: string } | undefined;
  const error =
    bodyError?.message ?? parsed.error?.message ?? parsed.error?.code ?? `HTTP ${status}`;
  return { id, status: "failed", error, inputTokens: 0, outputTokens: 0 };
}

/** Parse a whole results file (blank lines ignored). */
export function parseBatchResults(text: string): ProviderBatchResult[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map(parseBatchResultLine);
}
