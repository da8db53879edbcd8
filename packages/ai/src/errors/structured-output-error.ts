import type { core } from "zod";
import type { ProviderName } from "../provider";
import { AIError } from "./ai-error";

/** What {@link StructuredOutputError} reports besides the message. */
export interface StructuredOutputErrorDetails {
  /** The model's text exactly as received. */
  rawText: string;
  /** Zod issues; empty when the text was not JSON at all. */
  issues: readonly core.$ZodIssue[];
  model: string;
  provider: ProviderName;
  /** Tokens and cost of the call: the vendor billed it although the output is unusable. */
  inputTokens: number;
  outputTokens: number;
  cost: number;
  cause?: unknown;
}

/**
 * The model's answer to `generateObject` (or an object request of a batch) was not valid JSON or
 * did not match the zod schema. Carries the raw text and the zod issues. Retryable: models are
 * not deterministic, and another attempt often succeeds.
 */
export class StructuredOutputError extends AIError {
  override readonly name: string = "StructuredOutputError";
  /** The model's text exactly as received. */
  readonly rawText: string;
  /** Zod issues; empty when the text was not JSON. */
  readonly issues: readonly core.$ZodIssue[];
  /** Model id of the call. */
  readonly model: string;
  /** Provider of the call. */
  readonly provider: ProviderName;
  /** Input tokens billed for the call. */
  readonly inputTokens: number;
  /** Output tokens billed for the call. */
  readonly outputTokens: number;
  /** Cost of the call in USD. */
  readonly cost: number;

  constructor(message: string, details: StructuredOutputErrorDetails) {
    super(message, { code: "AI_STRUCTURED_OUTPUT_INVALID", cause: details.cause, retryable: true });
    this.rawText = details.rawText;
    this.issues = details.issues;
    this.model = details.model;
    this.provider = details.provider;
    this.inputTokens = details.inputTokens;
    this.outputTokens = details.outputTokens;
    this.cost = details.cost;
  }
}
