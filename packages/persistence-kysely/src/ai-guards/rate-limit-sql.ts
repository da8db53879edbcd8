/**
 * Statements of the shared rate limiter. A reservation runs in one transaction: `lock` (an
 * upsert of the key's row, which takes its row lock on Postgres; SQLite transactions are
 * `BEGIN IMMEDIATE`, one writer at a time) returns the key's block; `usage` counts the calls
 * whose hold overlaps the current window — reserved in it, still in flight, or ended in it — so
 * a call reserved late in one window that reaches the vendor in the next is counted in both;
 * `hold` records the new call. Every parameter is used once, in order.
 */
const LOCK = `insert into stageflow_ai_rate_limits as l (limit_key, blocked_until) values ($1, 0)
on conflict (limit_key) do update set blocked_until = l.blocked_until
returning blocked_until`;

const USAGE = `select count(*) as requests, coalesce(sum(tokens), 0) as tokens
from stageflow_ai_rate_limit_holds
where limit_key = $1 and reserved_at > $2
  and (reserved_at >= $3 or ended_at is null or ended_at >= $4)`;

const HOLD = `insert into stageflow_ai_rate_limit_holds (id, limit_key, reserved_at, ended_at, tokens)
values ($1, $2, $3, null, $4)`;

/** Holds that ended before the previous window cannot count any more. */
const PRUNE = `delete from stageflow_ai_rate_limit_holds
where limit_key = $1 and ((ended_at is not null and ended_at < $2) or reserved_at <= $3)`;

const SETTLE = "update stageflow_ai_rate_limit_holds set ended_at = $1, tokens = $2 where id = $3";

const BLOCK = `insert into stageflow_ai_rate_limits as l (limit_key, blocked_until) values ($1, $2)
on conflict (limit_key) do update set blocked_until = GREATEST(l.blocked_until, excluded.blocked_until)`;

function forSqlite(text: string): string {
  return text.replace(/\$\d+/g, "?").replaceAll("GREATEST(", "max(");
}

const STATEMENTS = {
  lock: LOCK,
  usage: USAGE,
  hold: HOLD,
  prune: PRUNE,
  settle: SETTLE,
  block: BLOCK,
};

/**
 * The limiter's statements per dialect. lock: key. usage: key, stale-before, window start (twice).
 * hold: id, key, now, tokens. prune: key, keep-ended-after, stale-before. settle: now, tokens, id.
 * block: key, until.
 */
export const RATE_LIMIT_SQL = {
  postgres: STATEMENTS,
  sqlite: Object.fromEntries(
    Object.entries(STATEMENTS).map(([name, text]) => [name, forSqlite(text)]),
  ) as typeof STATEMENTS,
} as const;
