import type { Kysely } from "kysely";
import { readNumber } from "../codec/value-codec";
import { getDatabaseContext } from "../database/database-context";
import type { StageflowDatabase } from "../schema/stageflow-database";
import { runSql } from "../scope/run-sql";
import { rootScope } from "../scope/scope";
import type { KyselyAIBudgetLedger } from "./ai-guard-shapes";
import { BUDGET_SQL } from "./budget-sql";

const round = (usd: number) => Math.round(usd * 1e10) / 1e10;

/**
 * A budget ledger for `@stageflow/ai` in `stageflow_ai_budgets`: the budget of a run is its
 * `budgetUsd` (`run.create`'s option, or the workflow's default); every guarded call of a bound
 * helper first holds its estimate with one conditional UPDATE (refused when spent + held +
 * estimate would exceed the budget), then settles the hold with its actual cost. A worker that
 * dies between the two leaves its hold in place (the budget errs on the safe side).
 *
 * @example
 * ```ts
 * const budget = createKyselyAIBudgetLedger(db);
 * const ai = createAIHelper("triage", logger, { providers, stage: ctx, budget });
 * ```
 */
export function createKyselyAIBudgetLedger(db: Kysely<StageflowDatabase>): KyselyAIBudgetLedger {
  const scope = rootScope(db, getDatabaseContext(db, "createKyselyAIBudgetLedger"));
  const { codec } = scope.context;
  const statements = BUDGET_SQL[scope.context.dialect];
  const read = async (workflowRunId: string) => {
    const { rows } = await runSql<Record<string, unknown>>(scope, statements.read, [workflowRunId]);
    const row = rows[0];
    if (row === undefined) return null;
    return {
      workflowRunId,
      budgetUsd: readNumber(row.budget_usd),
      spentUsd: round(readNumber(row.spent_usd)),
      reservedUsd: round(readNumber(row.reserved_usd)),
    };
  };
  return {
    async reserve({ workflowRunId, amountUsd, now }) {
      const amount = Math.max(0, amountUsd);
      const at = codec.timestamp(now);
      await runSql(scope, statements.open, [at, workflowRunId]);
      const { rows } = await runSql(scope, statements.reserve, [amount, at, workflowRunId, amount]);
      if (rows.length > 0)
        return { granted: true, reservation: { workflowRunId, amountUsd: amount } };
      const state = await read(workflowRunId);
      if (state === null) return { granted: true, reservation: null };
      return {
        granted: false,
        budgetUsd: state.budgetUsd,
        spentUsd: state.spentUsd,
        reservedUsd: state.reservedUsd,
      };
    },
    async settle(reservation, actualUsd, now) {
      await runSql(scope, statements.settle, [
        reservation.amountUsd,
        Math.max(0, actualUsd),
        codec.timestamp(now),
        reservation.workflowRunId,
      ]);
    },
    get: read,
  };
}
