const earliest = (column: string, parameter: string): string =>
  `(select ${column} from stageflow_outbox_events where status = 'PENDING' and ${column} is not null and ${column} > ${parameter} order by ${column} limit 1)`;

/**
 * `Persistence.nextOutboxDueAt` in one statement: the earliest retry due time and the earliest
 * claim expiry after the parameter, each one range of a partial index of migration 0002.
 */
export const NEXT_OUTBOX_DUE_SQL = {
  postgres: `select ${earliest("next_attempt_at", "$1::timestamptz")} as retry_at, ${earliest("claimed_until", "$2::timestamptz")} as claim_at`,
  sqlite: `select ${earliest("next_attempt_at", "?")} as retry_at, ${earliest("claimed_until", "?")} as claim_at`,
} as const;
