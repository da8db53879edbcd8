import type { Kysely } from "kysely";
import type { DatabaseContext, TransactionState } from "../database/database-context";
import type { StageflowDatabase } from "../schema/stageflow-database";
import type { WakeupChannel } from "../wakeups/wakeup-channel";

/**
 * Where an adapter method runs its statements: the database itself (each statement commits on its
 * own) or an open transaction. Created by {@link rootScope}; transactions by `atomic`.
 */
export interface Scope {
  readonly context: DatabaseContext;
  /** The Kysely instance to run the next statement on. */
  executor(): Kysely<StageflowDatabase>;
  /**
   * Notes that `channel` got new work. Postgres statements `NOTIFY` themselves; on SQLite the
   * in-process listeners are called after the commit (at once outside a transaction).
   */
  wake(channel: WakeupChannel): void;
  /** Runs `fn` in a transaction: the open one if there is one, otherwise a new one. */
  atomic<T>(fn: (scope: Scope) => Promise<T>): Promise<T>;
}

function transactionScope(state: TransactionState, context: DatabaseContext): Scope {
  const scope: Scope = {
    context,
    executor: () => state.trx,
    wake: (channel) => {
      state.pending.add(channel);
    },
    atomic: (fn) => fn(scope),
  };
  return scope;
}

async function openTransaction<T>(
  db: Kysely<StageflowDatabase>,
  context: DatabaseContext,
  fn: (scope: Scope) => Promise<T>,
): Promise<T> {
  const pending = new Set<WakeupChannel>();
  let state: TransactionState | undefined;
  let result: T;
  try {
    result = await db.transaction().execute((trx) => {
      const opened: TransactionState = { trx, pending, open: true };
      state = opened;
      const scope = transactionScope(opened, context);
      return context.transactions ? context.transactions.run(opened, () => fn(scope)) : fn(scope);
    });
  } finally {
    if (state) state.open = false;
  }
  if (pending.size > 0) context.wakeups.publishCommitted(pending);
  return result;
}

/**
 * The scope of a root adapter object on `db`. On SQLite (one connection), a call made inside a
 * transaction's async flow joins that transaction rather than deadlocking behind it.
 */
export function rootScope(db: Kysely<StageflowDatabase>, context: DatabaseContext): Scope {
  const joined = (): TransactionState | undefined => {
    const state = context.transactions?.getStore();
    return state?.open ? state : undefined;
  };
  return {
    context,
    executor: () => joined()?.trx ?? db,
    wake(channel) {
      const state = joined();
      if (state) state.pending.add(channel);
      else context.wakeups.publishCommitted(new Set([channel]));
    },
    atomic(fn) {
      const state = joined();
      return state ? fn(transactionScope(state, context)) : openTransaction(db, context, fn);
    },
  };
}
