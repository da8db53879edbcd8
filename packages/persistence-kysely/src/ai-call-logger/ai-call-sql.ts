const COLUMNS =
  "topic, provider, model, kind, input_tokens, output_tokens, cost, batch, status, error, duration_ms, workflow_run_id, stage_id, batch_id, request_id, created_at, cached";

const STATS = `select count(*) as calls,
  coalesce(sum(case when status = 'failed' then 1 else 0 end), 0) as failed_calls,
  coalesce(sum(input_tokens), 0) as input_tokens,
  coalesce(sum(output_tokens), 0) as output_tokens,
  coalesce(sum(cost), 0) as cost
from stageflow_ai_calls`;

/** The AI call logger's statements; a topic prefix is an index range scan on `topic`. */
export const AI_CALL_SQL = {
  postgres: {
    /** Parameters: the 17 columns in order. */
    insert: `insert into stageflow_ai_calls (${COLUMNS})
values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
    /** Parameters: prefix, upper bound. */
    statsRange: `${STATS} where topic >= $1 and topic < $2`,
    statsFrom: `${STATS} where topic >= $1`,
  },
  sqlite: {
    insert: `insert into stageflow_ai_calls (${COLUMNS})
values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    statsRange: `${STATS} where topic >= ? and topic < ?`,
    statsFrom: `${STATS} where topic >= ?`,
  },
} as const;
