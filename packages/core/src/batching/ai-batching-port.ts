import type { BatchedRequestSpec } from "./batched-request";

/** Where the engine sends one batched request: requests of one route share provider batches. */
export interface BatchedRequestRoute {
  /** Provider name (`anthropic`, `openai`, `google`, `offline`, …). */
  readonly provider: string;
  /** Model id sent to the provider. */
  readonly model: string;
}

/** When the collector submits the pending requests of one provider and model, and how much. */
export interface BatchGroupSettings {
  /** A provider batch is submitted as soon as this many requests of the group wait. */
  readonly maxRequests: number;
  /** …or when the oldest waiting request has waited this long (ms). */
  readonly maxDelayMs: number;
  /** Upper bound of the request bodies' bytes in one provider batch. */
  readonly maxBytes: number;
  /** Milliseconds between two status checks of a submitted provider batch. */
  readonly pollIntervalMs: number;
}

/** A submitted (or being submitted) provider batch, as the port sees it. */
export interface ProviderBatchRef {
  readonly provider: string;
  readonly model: string;
  /** The provider's batch id. */
  readonly providerBatchId: string;
  /** What {@link AIBatchingPort.submit} returned beside the id (JSON). */
  readonly metadata: Record<string, unknown> | null;
}

/** One request of a provider batch: its custom id (the engine's request id) and what to ask. */
export interface PortBatchRequest {
  /** Sent to the provider as the request's custom id; results come back under it. */
  readonly customId: string;
  readonly spec: BatchedRequestSpec;
}

/** A request's outcome in an ended provider batch, priced at the batch rate. */
export interface PortBatchResult {
  readonly customId: string;
  readonly status: "succeeded" | "failed";
  readonly value?: unknown;
  readonly error?: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** USD at the batch price. */
  readonly cost: number;
}

/** A priced request result with the run and stage it belongs to, for call records. */
export interface AttributedBatchResult extends PortBatchResult {
  readonly workflowRunId: string;
  readonly stageId: string;
}

/**
 * The port through which the kernel's cross-run batch collector (`aiBatch.flush`) reaches AI
 * providers. `@stageflow/ai` implements it (`createAIBatching`); pass it to `createKernel` as
 * `aiBatching`. Every method but `route` talks to a provider and is called with no database
 * transaction open.
 */
export interface AIBatchingPort {
  /**
   * Resolves a request's provider, model and grouping limits. Called while the stage's
   * suspension commits, so it must not do I/O; throws a typed error for an unknown model.
   */
  route(spec: BatchedRequestSpec): BatchedRequestRoute;
  /** The limits and timing of one provider and model (no I/O). */
  settings(group: BatchedRequestRoute): BatchGroupSettings;
  /** Submits one provider batch; the custom ids are the engine's request ids. */
  submit(
    group: { readonly provider: string; readonly model: string },
    requests: readonly PortBatchRequest[],
  ): Promise<{ providerBatchId: string; metadata: Record<string, unknown> | null }>;
  /** The neutral status of a submitted batch. */
  status(batch: ProviderBatchRef): Promise<{
    status: "pending" | "processing" | "completed" | "failed";
    providerStatus?: string;
  }>;
  /** Results of an ended batch (may lack requests the provider dropped). */
  results(batch: ProviderBatchRef): Promise<PortBatchResult[]>;
  /** Cancels a batch at the provider. */
  cancel(batch: ProviderBatchRef): Promise<void>;
  /**
   * Optional: records the results as AI call records attributed to their runs and stages. Called
   * once, after the results are committed (best effort: an error is logged, not retried).
   */
  recordCalls?(batch: ProviderBatchRef, results: readonly AttributedBatchResult[]): Promise<void>;
}
