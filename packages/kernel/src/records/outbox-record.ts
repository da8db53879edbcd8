/** Where an outbox event is in its life. */
export type OutboxStatus = "PENDING" | "PUBLISHED" | "DLQ";

/** An event written in the same transaction as the state change it describes. */
export interface OutboxRecord {
  id: string;
  workflowRunId: string;
  /** Gapless per run, starting at 1, in commit order of appends. */
  sequence: number;
  type: string;
  /** The event as JSON (see `StageflowEvent`). */
  payload: Record<string, unknown>;
  status: OutboxStatus;
  retryCount: number;
  lastError: string | null;
  /**
   * After a failed publish, the earliest time the event may be claimed again (its retry's due
   * time, growing with each failure); null when it may be published now.
   */
  nextAttemptAt: Date | null;
  /** The flusher holding a claim on the event, and until when. */
  claimedBy: string | null;
  claimedUntil: Date | null;
  createdAt: Date;
  publishedAt: Date | null;
}

/** What `Persistence.appendOutboxEvents` needs for one event. */
export interface NewOutboxEvent {
  workflowRunId: string;
  type: string;
  payload: Record<string, unknown>;
  now: Date;
}
