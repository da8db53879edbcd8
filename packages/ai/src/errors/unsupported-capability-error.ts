import type { ProviderName } from "../provider";
import { AIError } from "./ai-error";

/** Capabilities a provider or model may lack. */
export type AICapability = "text" | "object" | "embedding" | "batch" | "json-schema";

/**
 * The provider or model cannot do what was asked: a batch on a provider without a batch API,
 * embeddings on a chat model or on Anthropic, text on an embedding model, or a zod schema that
 * JSON Schema cannot express. Not retryable.
 */
export class UnsupportedCapabilityError extends AIError {
  override readonly name: string = "UnsupportedCapabilityError";
  /** The missing capability. */
  readonly capability: AICapability;
  /** The provider concerned. */
  readonly provider: ProviderName;
  /** The model concerned, if any. */
  readonly model: string | undefined;

  constructor(
    capability: AICapability,
    provider: ProviderName,
    message: string,
    options: { model?: string; cause?: unknown } = {},
  ) {
    super(message, { code: "AI_UNSUPPORTED_CAPABILITY", cause: options.cause });
    this.capability = capability;
    this.provider = provider;
    this.model = options.model;
  }
}
