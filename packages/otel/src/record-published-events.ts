import type { Attributes } from "@opentelemetry/api";
import type { PublishedEvent } from "@stageflow/kernel";
import { ATTR } from "./attributes";
import type { Instruments } from "./instruments";

/**
 * Run metrics and outbox lag from the events `outbox.flush` published: each state change is
 * counted once, after its commit, by whichever process publishes it.
 */
export function recordPublishedEvents(
  instruments: Instruments,
  events: readonly PublishedEvent[],
  publishedAt: Date,
): void {
  for (const { event, createdAt } of events) {
    const run: Attributes = { [ATTR.workflowId]: event.workflowId };
    instruments.outboxLag.record(Math.max(0, publishedAt.getTime() - createdAt.getTime()) / 1000, {
      ...run,
      [ATTR.eventType]: event.type,
    });
    switch (event.type) {
      case "workflow:started":
        instruments.runsStarted.add(1, run);
        break;
      case "workflow:completed":
        instruments.runsCompleted.add(1, run);
        instruments.runDuration.record(Math.max(0, event.duration) / 1000, run);
        break;
      case "workflow:failed":
        instruments.runsFailed.add(1, run);
        break;
      case "workflow:cancelled":
        instruments.runsCancelled.add(1, run);
        break;
      default:
        break;
    }
  }
}
