import type { OutboxFlushCommand, OutboxFlushResult } from "../commands/command-types";
import { errorMessage } from "../execution/failure-info";
import type { KernelDeps } from "../kernel/kernel-deps";
import type { OutboxRecord } from "../records/outbox-record";
import { eventFromOutbox } from "../run-state/build-event";

/** Groups claimed records by run, keeping their (run, sequence) order. */
function byRun(records: readonly OutboxRecord[]): OutboxRecord[][] {
  const groups = new Map<string, OutboxRecord[]>();
  for (const record of records) {
    const group = groups.get(record.workflowRunId) ?? [];
    group.push(record);
    groups.set(record.workflowRunId, group);
  }
  for (const group of groups.values()) group.sort((a, b) => a.sequence - b.sequence);
  return [...groups.values()];
}

/**
 * `outbox.flush`: claims up to `maxEvents` (default 100) publishable events for this flusher, and
 * publishes each run's events in sequence order to the `EventSink` (the stored payload plus
 * `sequence`). Published events are marked after each run. When a publish fails the failure is
 * recorded (the event is dead-lettered after `outbox.maxRetries` failures) and that run's later
 * events wait: their claims are released. Two flushers never publish the same event, because each
 * only publishes what it claimed. Telemetry sees the published events (run metrics, outbox lag).
 */
export async function handleOutboxFlush(
  deps: KernelDeps,
  command: OutboxFlushCommand,
): Promise<OutboxFlushResult> {
  const { persistence } = deps;
  const claimed = await persistence.claimOutboxEvents({
    workerId: command.workerId ?? "kernel",
    limit: command.maxEvents ?? 100,
    now: deps.clock.now(),
    leaseMs: deps.outboxClaimLeaseMs,
  });
  let published = 0;
  for (const events of byRun(claimed)) {
    const done: string[] = [];
    let failedAt = -1;
    for (const [index, record] of events.entries()) {
      try {
        await deps.eventSink.emit(eventFromOutbox(record));
        done.push(record.id);
      } catch (error) {
        await persistence.recordOutboxFailure(record.id, {
          error: errorMessage(error),
          maxRetries: deps.outboxMaxRetries,
        });
        failedAt = index;
        break;
      }
    }
    if (done.length > 0) {
      const publishedAt = deps.clock.now();
      await persistence.markOutboxEventsPublished(done, publishedAt);
      deps.telemetry?.eventsPublished(
        events
          .slice(0, done.length)
          .map((record) => ({ event: eventFromOutbox(record), createdAt: record.createdAt })),
        publishedAt,
      );
    }
    published += done.length;
    if (failedAt >= 0 && failedAt + 1 < events.length) {
      await persistence.releaseOutboxClaims(events.slice(failedAt + 1).map((event) => event.id));
    }
  }
  return { published };
}
