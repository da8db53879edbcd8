import type { StageflowEvent } from "../events/stageflow-event";

/**
 * Where `outbox.flush` publishes events, in per-run sequence order. A rejection counts as a failed
 * publish: the event is retried, and dead-lettered after the configured number of failures.
 * `createPluginRunner` returns one.
 */
export interface EventSink {
  emit(event: StageflowEvent): Promise<void>;
}
