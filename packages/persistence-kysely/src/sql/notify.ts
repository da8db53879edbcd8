import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";
import { POSTGRES_CHANNELS, type WakeupChannel } from "../wakeups/wakeup-channel";

/**
 * A Postgres expression that queues a wake-up on `channel` for the current schema. The payload
 * is `current_schema()` so listeners of other schemas in the same database ignore it; Postgres
 * delivers it at commit and folds duplicates within one transaction.
 */
export function pgNotify(channel: WakeupChannel): string {
  return `pg_notify('${POSTGRES_CHANNELS[channel]}', current_schema())`;
}

/**
 * Queues a wake-up on `channel` in `scope`: on Postgres a `pg_notify` statement (delivered at
 * commit), on SQLite a note delivered to in-process listeners after the commit. For writes that
 * cannot carry the notification in their own statement.
 */
export async function notifyChannel(scope: Scope, channel: WakeupChannel): Promise<void> {
  if (scope.context.dialect === "postgres") await runSql(scope, `select ${pgNotify(channel)}`, []);
  else scope.wake(channel);
}
