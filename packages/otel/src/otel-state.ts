import type { Tracer } from "@opentelemetry/api";
import type { Instruments } from "./instruments";

/** What every span and metric of one `otelTelemetry()` shares. */
export interface OtelState {
  readonly tracer: Tracer;
  readonly instruments: Instruments;
  /** Record prompts and completions on AI spans. */
  readonly captureContent: boolean;
}
