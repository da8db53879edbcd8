import type { Kysely } from "kysely";
import { getDatabaseContext } from "../database/database-context";
import { translateSchemaErrors } from "../errors/translate-schema-errors";
import type { StageflowDatabase } from "../schema/stageflow-database";
import { rootScope } from "../scope/scope";
import { type KyselyJobTransport, kyselyJobTransport } from "./kysely-job-transport";

/**
 * Stageflow's `JobTransport` on a database from `createPostgresDatabase` or
 * `createSqliteDatabase`. `dequeue`, `claim` and `completeJob` are single statements (Postgres:
 * `FOR UPDATE SKIP LOCKED`); `subscribe` delivers wake-ups after commits — across processes on
 * Postgres (`LISTEN/NOTIFY`), within the process on SQLite — so hosts start work at once instead
 * of polling. `capabilities.supportsWakeups` is true on both.
 *
 * @example
 * ```ts
 * const transport = createKyselyJobTransport(db);
 * const stop = await transport.subscribe(() => void worker.poll());
 * const stopRuns = await transport.subscribe(() => void claimRuns(), { channel: "runs" });
 * const jobs = await transport.dequeue({ workerId: "w1", limit: 10, now: new Date() });
 * const job = await transport.claim({ workerId: "w1", jobId: message.jobId, now: new Date() });
 * ```
 *
 * @param db - the Stageflow database.
 */
export function createKyselyJobTransport(db: Kysely<StageflowDatabase>): KyselyJobTransport {
  return translateSchemaErrors(
    kyselyJobTransport(rootScope(db, getDatabaseContext(db, "createKyselyJobTransport"))),
  );
}
