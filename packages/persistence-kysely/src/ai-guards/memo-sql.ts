const GET = `select provider, model, kind, response, input_tokens, output_tokens, created_at, expires_at
from stageflow_ai_memo where cache_key = $1 and expires_at > $2`;

const PUT = `insert into stageflow_ai_memo (cache_key, provider, model, kind, response, input_tokens, output_tokens, created_at, expires_at)
values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
on conflict (cache_key) do update set provider = excluded.provider, model = excluded.model,
  kind = excluded.kind, response = excluded.response, input_tokens = excluded.input_tokens,
  output_tokens = excluded.output_tokens, created_at = excluded.created_at, expires_at = excluded.expires_at`;

const DELETE_EXPIRED = "delete from stageflow_ai_memo where expires_at <= $1";

/** The memo store's statements (each parameter used once, in order). */
export const MEMO_SQL = {
  /** get: key, now (ms). put: the 9 columns. deleteExpired: now (ms). */
  postgres: { get: GET, put: PUT, deleteExpired: DELETE_EXPIRED },
  sqlite: {
    get: GET.replace(/\$\d+/g, "?"),
    put: PUT.replace(/\$\d+/g, "?"),
    deleteExpired: DELETE_EXPIRED.replace(/\$\d+/g, "?"),
  },
} as const;
