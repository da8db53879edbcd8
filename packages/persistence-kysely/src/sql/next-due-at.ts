import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";

/**
 * The earliest `available_at` of a PENDING job and `next_poll_at` of a SUSPENDED stage after
 * `after`; both read through partial indexes (`stageflow_jobs_available_idx`,
 * `stageflow_stages_suspended_idx`). Parameter: after (twice on SQLite).
 */
export const NEXT_DUE_AT_SQL = {
  postgres: `select
  (select min(available_at) from stageflow_jobs where status = 'PENDING' and available_at > $1) as job_at,
  (select min(next_poll_at) from stageflow_stages where status = 'SUSPENDED' and next_poll_at > $1) as poll_at`,
  sqlite: `select
  (select min(available_at) from stageflow_jobs where status = 'PENDING' and available_at > ?) as job_at,
  (select min(next_poll_at) from stageflow_stages where status = 'SUSPENDED' and next_poll_at > ?) as poll_at`,
} as const;

/** Runs {@link NEXT_DUE_AT_SQL}; `null` when nothing is due after `after`. */
export async function nextDueAt(scope: Scope, options: { after: Date }): Promise<Date | null> {
  const { dialect, codec } = scope.context;
  const now = codec.timestamp(options.after);
  const { rows } = await runSql<{ job_at: unknown; poll_at: unknown }>(
    scope,
    NEXT_DUE_AT_SQL[dialect],
    dialect === "postgres" ? [now] : [now, now],
  );
  const row = rows[0];
  const times = [row?.job_at, row?.poll_at]
    .map((value) => codec.readTimestampOrNull(value))
    .filter((date): date is Date => date !== null);
  if (times.length === 0) return null;
  return new Date(Math.min(...times.map((date) => date.getTime())));
}
