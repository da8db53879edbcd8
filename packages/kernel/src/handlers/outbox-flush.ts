import type { OutboxFlushCommand, OutboxFlushResult } from "../commands/command-types";
import { errorMessage } from "../execution/failure-info";
import type { KernelDeps } from "../kernel/kernel-deps";
import { OutboxClaimKeeper } from "../outbox/outbox-claim-keeper";
import { outboxRetryDelay } from "../outbox/outbox-retry-delay";
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

/** What publishing one run's claimed events came to. */
interface RunOutcome {
  readonly published: number;
  /** The retry due time of the event that failed, if one did. */
  readonly retryAt: Date | null;
}

/**
 * Records a failed publish with the due time of its retry, logging it (a warning, or an error when
 * the event moved to the dead-letter queue); returns the due time, or null when dead-lettered.
 */
async function recordFailure(
  deps: KernelDeps,
  record: OutboxRecord,
  error: unknown,
): Promise<Date | null> {
  const delay = outboxRetryDelay(
    record.retryCount + 1,
    deps.outboxRetryInitialMs,
    deps.outboxRetryMaxMs,
  );
  const retryAt = new Date(deps.clock.now().getTime() + delay);
  const failure = await deps.persistence.recordOutboxFailure(record.id, {
    error: errorMessage(error),
    maxRetries: deps.outboxMaxRetries,
    retryAt,
  });
  const fields = {
    err: error,
    eventType: record.type,
    workflowRunId: record.workflowRunId,
    sequence: record.sequence,
    retryCount: failure.retryCount,
  };
  if (failure.deadLettered) {
    deps.logger.error(
      fields,
      "event moved to the dead-letter queue (replay with plugin.replayDLQ)",
    );
    return null;
  }
  deps.logger.warn(
    { ...fields, retryAt: retryAt.toISOString() },
    "publishing an event failed; it will be retried",
  );
  return retryAt;
}

/**
 * Publishes one run's claimed events in sequence order, each only while the flush still holds
 * its claim; stops at the first failure (recording it with its retry due time) or lost claim and
 * releases the claims of the rest. What went out is pushed onto `delivered` and stays claimed
 * (the keeper keeps renewing it) until the flush marks everything it delivered at once.
 */
async function publishRun(
  deps: KernelDeps,
  keeper: OutboxClaimKeeper,
  workerId: string,
  events: readonly OutboxRecord[],
  delivered: OutboxRecord[],
): Promise<RunOutcome> {
  let published = 0;
  let retryAt: Date | null = null;
  let stoppedAt = events.length;
  for (const [index, record] of events.entries()) {
    if (!(await keeper.ensure(record.id))) {
      stoppedAt = index;
      break;
    }
    let sent = true;
    try {
      await keeper.during(deps.eventSink.emit(eventFromOutbox(record)));
      delivered.push(record);
      published++;
    } catch (error) {
      sent = false;
      // A failure is recorded only under a live claim (a lapsed one may have a new holder).
      if (keeper.holds(record.id)) retryAt = await recordFailure(deps, record, error);
      keeper.forget([record.id]);
    }
    // Stop at a failure, and when the claim lapsed during the publish (the rest may be taken).
    if (!sent || !keeper.holds(record.id)) {
      stoppedAt = index + 1;
      break;
    }
  }
  const rest = events.slice(stoppedAt).map((event) => event.id);
  if (rest.length > 0) {
    await deps.persistence.releaseOutboxClaims(rest, { workerId });
    keeper.forget(rest);
  }
  return { published, retryAt };
}

/**
 * Marks every event the flush delivered as published, in one statement whatever the number of
 * runs, and tells telemetry; the keeper stops tracking them.
 */
async function markDelivered(
  deps: KernelDeps,
  keeper: OutboxClaimKeeper,
  delivered: readonly OutboxRecord[],
): Promise<void> {
  if (delivered.length === 0) return;
  const ids = delivered.map((record) => record.id);
  const publishedAt = deps.clock.now();
  await deps.persistence.markOutboxEventsPublished(ids, publishedAt);
  keeper.forget(ids);
  deps.telemetry?.eventsPublished(
    delivered.map((record) => ({ event: eventFromOutbox(record), createdAt: record.createdAt })),
    publishedAt,
  );
}

/**
 * `outbox.flush`: claims up to `maxEvents` (default 100) publishable events for this flusher and
 * publishes each run's events in sequence order to the `EventSink` (the stored payload plus
 * `sequence`). Each publish starts only while the flush holds the event's claim, and the claim is
 * renewed while the flush runs, however slow the sink; a flush that loses a claim stops that run.
 * So two flushers never publish the same event, and a run's events never go backwards. A failed
 * publish is recorded with a due time for its retry (`outbox.retryBackoff`, doubling) and the
 * run's later events wait behind it; after `outbox.maxRetries` failures the event is
 * dead-lettered. The events delivered are marked published at the end of the flush, all runs in
 * one statement, while their claims are still held; a flush that fails midway still marks what it
 * delivered (when the database lets it). Whatever happens, the claims of events not attempted are
 * released before the flush returns (or throws), so other flushers can take them at once.
 * Telemetry sees the published events (run metrics, outbox lag).
 */
export async function handleOutboxFlush(
  deps: KernelDeps,
  command: OutboxFlushCommand,
): Promise<OutboxFlushResult> {
  const { persistence, clock } = deps;
  const workerId = command.workerId ?? "kernel";
  const limit = command.maxEvents ?? 100;
  const now = clock.now();
  const claimed = await persistence.claimOutboxEvents({
    workerId,
    limit,
    now,
    leaseMs: deps.outboxClaimLeaseMs,
  });
  if (claimed.length === 0) {
    const due = await persistence.nextOutboxDueAt(now);
    return due === null ? { published: 0 } : { published: 0, nextFlushAt: due };
  }
  const keeper = new OutboxClaimKeeper({
    persistence,
    clock,
    workerId,
    leaseMs: deps.outboxClaimLeaseMs,
    ids: claimed.map((record) => record.id),
    claimedAt: now,
  });
  let published = 0;
  let nextFlushAt: Date | null = null;
  const delivered: OutboxRecord[] = [];
  let failed = true;
  try {
    for (const events of byRun(claimed)) {
      const outcome = await publishRun(deps, keeper, workerId, events, delivered);
      published += outcome.published;
      if (outcome.retryAt && (nextFlushAt === null || outcome.retryAt < nextFlushAt)) {
        nextFlushAt = outcome.retryAt;
      }
    }
    await keeper.settle();
    await markDelivered(deps, keeper, delivered);
    failed = false;
  } finally {
    if (failed) {
      await keeper.settle();
      // The flush failed midway: keep what went out from going out again, if the database lets
      // it, and hand what it did not attempt back to other flushers now.
      await markDelivered(deps, keeper, delivered).catch(() => undefined);
    }
    const left = keeper.held;
    if (left.length > 0) {
      await persistence.releaseOutboxClaims(left, { workerId }).catch(() => undefined);
    }
  }
  return nextFlushAt === null ? { published } : { published, nextFlushAt };
}
