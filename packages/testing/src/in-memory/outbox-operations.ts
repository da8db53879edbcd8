import type { NewOutboxEvent, OutboxFailureResult, OutboxRecord } from "@stageflow/kernel";
import type { InMemoryState } from "./in-memory-state";
import { byDate, copyOut, toRequiredDate, toStoredJson } from "./stored-value";

/** `Persistence.appendOutboxEvents`: gapless per-run sequences (rolled back with the transaction). */
export function appendOutboxEvents(state: InMemoryState, events: NewOutboxEvent[]): OutboxRecord[] {
  const prepared = events.map((event) => ({
    event,
    payload: toStoredJson(event.payload, "outbox.payload"),
    now: toRequiredDate(event.now, "outbox.now"),
  }));
  return prepared.map(({ event, payload, now }) => {
    const sequence = (state.outboxSequences.get(event.workflowRunId) ?? 0) + 1;
    state.outboxSequences.set(event.workflowRunId, sequence);
    const record: OutboxRecord = {
      id: crypto.randomUUID(),
      workflowRunId: event.workflowRunId,
      sequence,
      type: event.type,
      payload,
      status: "PENDING",
      retryCount: 0,
      lastError: null,
      nextAttemptAt: null,
      claimedBy: null,
      claimedUntil: null,
      createdAt: now,
      publishedAt: null,
    };
    state.outbox.set(record.id, record);
    return copyOut(record);
  });
}

/**
 * `Persistence.claimOutboxEvents`. For each run, the PENDING events in sequence order are taken
 * while their claim is absent or expired and their retry is due; the first one still claimed (by
 * anyone, this worker included) or waiting for its retry ends the run's prefix. Runs are served oldest first event first; the answer is grouped
 * by run, in sequence order within a run.
 */
export function claimOutboxEvents(
  state: InMemoryState,
  options: { workerId: string; limit: number; now: Date; leaseMs: number },
): OutboxRecord[] {
  const now = toRequiredDate(options.now, "claimOutboxEvents.now").getTime();
  const pendingByRun = new Map<string, OutboxRecord[]>();
  for (const event of state.outbox.values()) {
    if (event.status !== "PENDING") continue;
    const list = pendingByRun.get(event.workflowRunId) ?? [];
    list.push(event);
    pendingByRun.set(event.workflowRunId, list);
  }
  const prefixes: OutboxRecord[][] = [];
  for (const events of pendingByRun.values()) {
    events.sort((a, b) => a.sequence - b.sequence);
    const open = events.findIndex(
      (e) =>
        (e.claimedUntil !== null && e.claimedUntil.getTime() > now) ||
        (e.nextAttemptAt !== null && e.nextAttemptAt.getTime() > now),
    );
    const prefix = open === -1 ? events : events.slice(0, open);
    if (prefix.length > 0) prefixes.push(prefix);
  }
  prefixes.sort((a, b) => byDate(a[0]?.createdAt ?? null, b[0]?.createdAt ?? null));
  const claimedUntil = new Date(now + options.leaseMs);
  const claimed: OutboxRecord[] = [];
  for (const prefix of prefixes) {
    for (const event of prefix) {
      if (claimed.length >= options.limit) return claimed;
      const next: OutboxRecord = { ...event, claimedBy: options.workerId, claimedUntil };
      state.outbox.set(event.id, next);
      claimed.push(copyOut(next));
    }
  }
  return claimed;
}

/** `Persistence.markOutboxEventsPublished`. */
export function markOutboxEventsPublished(
  state: InMemoryState,
  ids: readonly string[],
  now: Date,
): void {
  const at = toRequiredDate(now, "outbox.publishedAt");
  for (const id of ids) {
    const event = state.outbox.get(id);
    if (!event) continue;
    state.outbox.set(id, {
      ...event,
      status: "PUBLISHED",
      publishedAt: at,
      claimedBy: null,
      claimedUntil: null,
    });
  }
}

/** `Persistence.renewOutboxClaims`: only claims `workerId` holds, PENDING and unexpired. */
export function renewOutboxClaims(
  state: InMemoryState,
  options: { workerId: string; ids: readonly string[]; now: Date; leaseMs: number },
): string[] {
  const now = toRequiredDate(options.now, "renewOutboxClaims.now").getTime();
  const claimedUntil = new Date(now + options.leaseMs);
  const renewed: string[] = [];
  for (const id of new Set(options.ids)) {
    const event = state.outbox.get(id);
    if (
      event?.status !== "PENDING" ||
      event.claimedBy !== options.workerId ||
      event.claimedUntil === null ||
      event.claimedUntil.getTime() <= now
    ) {
      continue;
    }
    state.outbox.set(id, { ...event, claimedUntil });
    renewed.push(id);
  }
  return renewed;
}

/** `Persistence.nextOutboxDueAt`: the earliest retry due time or claim expiry after `now`. */
export function nextOutboxDueAt(state: InMemoryState, now: Date): Date | null {
  const after = toRequiredDate(now, "nextOutboxDueAt.now").getTime();
  let earliest: number | null = null;
  for (const event of state.outbox.values()) {
    if (event.status !== "PENDING") continue;
    for (const time of [event.nextAttemptAt, event.claimedUntil]) {
      const ms = time?.getTime();
      if (ms !== undefined && ms > after && (earliest === null || ms < earliest)) earliest = ms;
    }
  }
  return earliest === null ? null : new Date(earliest);
}

/** `Persistence.releaseOutboxClaims`: with `workerId`, only the claims it holds. */
export function releaseOutboxClaims(
  state: InMemoryState,
  ids: readonly string[],
  options: { workerId?: string } = {},
): void {
  for (const id of ids) {
    const event = state.outbox.get(id);
    if (!event) continue;
    if (options.workerId !== undefined && event.claimedBy !== options.workerId) continue;
    state.outbox.set(id, { ...event, claimedBy: null, claimedUntil: null });
  }
}

/** `Persistence.recordOutboxFailure`: due again at `retryAt`; DLQ once `retryCount` reaches `maxRetries`. */
export function recordOutboxFailure(
  state: InMemoryState,
  id: string,
  options: { error: string; maxRetries: number; retryAt: Date },
): OutboxFailureResult {
  const retryAt = toRequiredDate(options.retryAt, "recordOutboxFailure.retryAt");
  const event = state.outbox.get(id);
  if (!event) throw new Error(`No outbox event "${id}" exists.`);
  const retryCount = event.retryCount + 1;
  const deadLettered = retryCount >= options.maxRetries;
  state.outbox.set(id, {
    ...event,
    retryCount,
    lastError: options.error,
    nextAttemptAt: deadLettered ? null : retryAt,
    claimedBy: null,
    claimedUntil: null,
    status: deadLettered ? "DLQ" : event.status,
  });
  return { retryCount, deadLettered };
}

/** `Persistence.listDeadLetters`: oldest first. */
export function listDeadLetters(state: InMemoryState, limit: number): OutboxRecord[] {
  return copyOut(deadLetters(state).slice(0, Math.max(0, limit)));
}

/**
 * `Persistence.replayDeadLetters`: the oldest DLQ events (among `eventIds` when given) go back to
 * PENDING with `retryCount` 0.
 */
export function replayDeadLetters(
  state: InMemoryState,
  maxEvents: number,
  eventIds?: readonly string[],
): number {
  const only = eventIds === undefined ? undefined : new Set(eventIds);
  const replayed = deadLetters(state)
    .filter((event) => only === undefined || only.has(event.id))
    .slice(0, Math.max(0, maxEvents));
  for (const event of replayed) {
    state.outbox.set(event.id, {
      ...event,
      status: "PENDING",
      retryCount: 0,
      nextAttemptAt: null,
      claimedBy: null,
      claimedUntil: null,
    });
  }
  return replayed.length;
}

/** `Persistence.getOutboxEvents`: sequence order. */
export function getOutboxEvents(state: InMemoryState, workflowRunId: string): OutboxRecord[] {
  return copyOut(
    [...state.outbox.values()]
      .filter((event) => event.workflowRunId === workflowRunId)
      .sort((a, b) => a.sequence - b.sequence),
  );
}

function deadLetters(state: InMemoryState): OutboxRecord[] {
  return [...state.outbox.values()]
    .filter((event) => event.status === "DLQ")
    .sort((a, b) => byDate(a.createdAt, b.createdAt));
}
