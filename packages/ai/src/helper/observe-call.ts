import type { AICallObservation, StageTelemetry } from "@stageflow/core";
import type { AICallKind } from "../logger";
import { redactSecrets } from "../logging/redact-secrets";
import type { ModelInfo } from "../models/model-info";

/** What a call asks for, as telemetry describes it. */
export interface CallRequest {
  readonly maxTokens?: number | undefined;
  readonly temperature?: number | undefined;
  readonly system?: string | undefined;
  readonly input: string | readonly string[];
}

/**
 * Starts observing one call when there is telemetry. Content (prompt, system, texts) is passed
 * only when the telemetry captures it, with anything that looks like a credential redacted.
 */
export function observeCall(
  telemetry: StageTelemetry | undefined,
  kind: AICallKind,
  model: ModelInfo,
  request: CallRequest,
): AICallObservation | undefined {
  if (telemetry === undefined) return undefined;
  const content = telemetry.capturesContent
    ? {
        system: request.system === undefined ? undefined : redactSecrets(request.system),
        input:
          typeof request.input === "string"
            ? redactSecrets(request.input)
            : request.input.map(redactSecrets),
      }
    : undefined;
  return telemetry.startAICall({
    operation: kind === "embedding" ? "embeddings" : "chat",
    provider: model.provider,
    model: model.id,
    maxTokens: request.maxTokens,
    temperature: request.temperature,
    ...(content === undefined ? {} : { content }),
  });
}
