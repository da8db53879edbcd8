/**
 * Statements of the shared rate limiter. One row per limit key holds the current fixed window.
 * `reserve` is ONE upsert: it counts the request (and its tokens) only when the row is not
 * blocked and the window has room — or starts a newer window — so two workers can never both
 * take the last slot (the row lock serializes them; Postgres re-checks the condition on the
 * locked row). Nothing comes back when it was refused.
 */
const RESERVE = `insert into stageflow_ai_rate_limits as l (limit_key, window_start, requests, tokens, blocked_until)
values ($1, $2, 1, $3, 0)
on conflict (limit_key) do update set
  window_start = GREATEST(l.window_start, excluded.window_start),
  requests = case when excluded.window_start > l.window_start then 1 else l.requests + 1 end,
  tokens = case when excluded.window_start > l.window_start then excluded.tokens else l.tokens + excluded.tokens end
where l.blocked_until <= $4
  and (excluded.window_start > l.window_start or (l.requests + 1 <= $5 and l.tokens + excluded.tokens <= $6))
returning window_start`;

const SETTLE = `update stageflow_ai_rate_limits set tokens = GREATEST(0, tokens + $1)
where limit_key = $2 and window_start = $3`;

const BLOCK = `insert into stageflow_ai_rate_limits as l (limit_key, window_start, requests, tokens, blocked_until)
values ($1, 0, 0, 0, $2)
on conflict (limit_key) do update set blocked_until = GREATEST(l.blocked_until, excluded.blocked_until)`;

const READ =
  "select window_start, requests, tokens, blocked_until from stageflow_ai_rate_limits where limit_key = $1";

/** `$n` → `?` (each parameter is used once, in order) and SQLite's scalar `max`. */
function forSqlite(text: string): string {
  return text.replace(/\$\d+/g, "?").replaceAll("GREATEST(", "max(");
}

/** The limiter's statements per dialect. */
export const RATE_LIMIT_SQL = {
  /** reserve: key, window start, tokens, now, max requests, max tokens. settle: delta, key, window start. block: key, until. read: key. */
  postgres: { reserve: RESERVE, settle: SETTLE, block: BLOCK, read: READ },
  sqlite: {
    reserve: forSqlite(RESERVE),
    settle: forSqlite(SETTLE),
    block: forSqlite(BLOCK),
    read: forSqlite(READ),
  },
} as const;
