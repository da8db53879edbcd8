import type { JsonColumn, NullableTimestampColumn, TimestampColumn } from "./column-types";

/** Row of `stageflow_outbox_events`: one event, gaplessly numbered per run (see `OutboxRecord`). */
export interface OutboxEventsTable {
  id: string;
  workflow_run_id: string;
  sequence: number;
  type: string;
  payload: JsonColumn;
  status: string;
  retry_count: number;
  last_error: string | null;
  /** Added by migration 0002: when the next publish attempt is due after a failure. */
  next_attempt_at: NullableTimestampColumn;
  claimed_by: string | null;
  claimed_until: NullableTimestampColumn;
  created_at: TimestampColumn;
  published_at: NullableTimestampColumn;
}

/**
 * Row of `stageflow_outbox_sequences`: the last outbox sequence handed out for a run. Appends
 * bump it with an upsert inside their transaction, which serializes concurrent appends of one run
 * and keeps its sequences gapless (a rolled-back append rolls the counter back too).
 */
export interface OutboxSequencesTable {
  workflow_run_id: string;
  last_sequence: number;
}
