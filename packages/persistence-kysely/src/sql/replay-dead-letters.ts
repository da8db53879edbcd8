/**
 * Moves the oldest DLQ events back to PENDING with `retry_count` 0, due now (Postgres skips rows another
 * replayer holds). Parameter: how many.
 */
export const REPLAY_DEAD_LETTERS_SQL = {
  postgres: `update stageflow_outbox_events
set status = 'PENDING', retry_count = 0, next_attempt_at = null, claimed_by = null, claimed_until = null
where id in (
  select id from stageflow_outbox_events where status = 'DLQ'
  order by created_at, id limit $1 for update skip locked
)`,
  sqlite: `update stageflow_outbox_events
set status = 'PENDING', retry_count = 0, next_attempt_at = null, claimed_by = null, claimed_until = null
where id in (select id from stageflow_outbox_events where status = 'DLQ' order by created_at, id limit ?)`,
} as const;

/**
 * Like {@link REPLAY_DEAD_LETTERS_SQL}, but only among the given event ids. Parameters: the ids
 * (a `text[]` on Postgres, a JSON array text on SQLite), then how many.
 */
export const REPLAY_DEAD_LETTERS_BY_ID_SQL = {
  postgres: `update stageflow_outbox_events
set status = 'PENDING', retry_count = 0, next_attempt_at = null, claimed_by = null, claimed_until = null
where id in (
  select id from stageflow_outbox_events where status = 'DLQ' and id = any($1::text[])
  order by created_at, id limit $2 for update skip locked
)`,
  sqlite: `update stageflow_outbox_events
set status = 'PENDING', retry_count = 0, next_attempt_at = null, claimed_by = null, claimed_until = null
where id in (
  select id from stageflow_outbox_events
  where status = 'DLQ' and id in (select value from json_each(?))
  order by created_at, id limit ?
)`,
} as const;
