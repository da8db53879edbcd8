import type { OpenAIClientLike } from "./openai-client";
import { OpenAISdkMissingError } from "./openai-errors";

/** Options for constructing an `OpenAI` client from the peer `openai` package. */
export interface OpenAIClientOptions {
  /** API key; never logged or put into error messages. */
  apiKey: string;
  /** API base URL including `/v1` (default `https://api.openai.com/v1` or `OPENAI_BASE_URL`). */
  baseURL?: string;
  /** Request timeout in milliseconds (SDK default 10 minutes). */
  timeout?: number;
  /** SDK-level retries on 408/409/429/5xx (SDK default 2). */
  maxRetries?: number;
  /** `OpenAI-Organization` header. */
  organization?: string;
  /** `OpenAI-Project` header. */
  project?: string;
}

type OpenAISdk = typeof import("openai");

let sdk: Promise<OpenAISdk> | undefined;

/** Import the `openai` package once, on first use; a missing package becomes a typed error. */
export function loadOpenAISdk(): Promise<OpenAISdk> {
  sdk ??= import("openai").catch((cause: unknown) => {
    sdk = undefined;
    throw new OpenAISdkMissingError(cause);
  });
  return sdk;
}

/** Construct an `OpenAI` client from options (SDK loaded lazily). */
export async function createOpenAIClient(options: OpenAIClientOptions): Promise<OpenAIClientLike> {
  const { default: OpenAI } = await loadOpenAISdk();
  return new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    timeout: options.timeout,
    maxRetries: options.maxRetries,
    organization: options.organization,
    project: options.project,
  });
}

/** Wrap JSONL text as an uploadable file with the SDK's `toFile`. */
export async function jsonlFile(jsonl: string, name: string): Promise<File> {
  const { toFile } = await loadOpenAISdk();
  return toFile(Buffer.from(jsonl, "utf8"), name, { type: "application/jsonl" });
}
