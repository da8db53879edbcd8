/** Creates the run's ledger row from its `budget_usd` (nothing for a run without one). */
const OPEN = `insert into stageflow_ai_budgets (workflow_run_id, budget_usd, spent_usd, reserved_usd, updated_at)
select id, budget_usd, 0, 0, $1::timestamptz from stageflow_runs where id = $2 and budget_usd is not null
on conflict (workflow_run_id) do nothing`;

/**
 * Holds an amount only when spent + held + amount stays within the budget: one conditional
 * UPDATE, so concurrent calls of the run's parallel stages cannot overdraw it together.
 */
const RESERVE = `update stageflow_ai_budgets set reserved_usd = reserved_usd + $1, updated_at = $2
where workflow_run_id = $3 and spent_usd + reserved_usd + $4 <= budget_usd + 1e-12
returning budget_usd`;

const SETTLE = `update stageflow_ai_budgets
set reserved_usd = GREATEST(0, reserved_usd - $1), spent_usd = spent_usd + $2, updated_at = $3
where workflow_run_id = $4`;

const READ =
  "select budget_usd, spent_usd, reserved_usd from stageflow_ai_budgets where workflow_run_id = $1";

function forSqlite(text: string): string {
  return text
    .replaceAll("::timestamptz", "")
    .replace(/\$\d+/g, "?")
    .replaceAll("GREATEST(", "max(");
}

/** The budget ledger's statements (each parameter used once, in order). */
export const BUDGET_SQL = {
  /** open: now, run id. reserve: amount, now, run id, amount. settle: held, actual, now, run id. read: run id. */
  postgres: { open: OPEN, reserve: RESERVE, settle: SETTLE, read: READ },
  sqlite: {
    open: forSqlite(OPEN),
    reserve: forSqlite(RESERVE),
    settle: forSqlite(SETTLE),
    read: forSqlite(READ),
  },
} as const;
