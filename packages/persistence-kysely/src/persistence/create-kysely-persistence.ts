import type { Persistence } from "@stageflow/kernel";
import type { Kysely } from "kysely";
import { getDatabaseContext } from "../database/database-context";
import { translateSchemaErrors } from "../errors/translate-schema-errors";
import type { StageflowDatabase } from "../schema/stageflow-database";
import { rootScope } from "../scope/scope";
import { KyselyPersistence } from "./kysely-persistence";

/**
 * Stageflow's `Persistence` on a database from `createPostgresDatabase` or `createSqliteDatabase`
 * (migrated with `migrateToLatest`). On Postgres, claims use `FOR UPDATE SKIP LOCKED` and
 * `getRun(id, { forUpdate: true })` locks the row; on SQLite, transactions begin with
 * `BEGIN IMMEDIATE` and a call on this root object made inside a `withTransaction` callback
 * joins that transaction (SQLite has one connection). New runs, jobs and outbox events wake
 * subscribers of `createKyselyJobTransport(db).subscribe` after commit. On a database that was
 * not migrated (a table or column missing), every method rejects with `SchemaNotMigratedError`
 * ("run migrateToLatest(db) first").
 *
 * @example
 * ```ts
 * const persistence = createKyselyPersistence(db);
 * const run = await persistence.withTransaction(async (tx) => {
 *   const run = await tx.createRun({ workflowId: "docs", input, config: {}, priority: 5, metadata: null, now });
 *   await tx.appendOutboxEvents([{ workflowRunId: run.id, type: "workflow:created", payload: {}, now }]);
 *   return run;
 * });
 * ```
 *
 * On Postgres the persistence also offers `speculate`: the kernel then commits a stage job's
 * outcome as one statement, guarded by the run, stage and job versions it started from, and
 * falls back to a transaction when they changed (`speculativeCommits: false` turns it off).
 *
 * @param db - the Stageflow database.
 * @param options - `speculativeCommits` (default `true`; Postgres only).
 */
export function createKyselyPersistence(
  db: Kysely<StageflowDatabase>,
  options: KyselyPersistenceOptions = {},
): Persistence {
  const scope = rootScope(db, getDatabaseContext(db, "createKyselyPersistence"));
  return translateSchemaErrors(
    new KyselyPersistence(scope, false, {
      speculativeCommits: options.speculativeCommits ?? true,
    }),
  );
}

/** Options of {@link createKyselyPersistence}. */
export interface KyselyPersistenceOptions {
  /**
   * Postgres: commit a stage job's outcome as one guarded statement when nothing changed since
   * the job started (`Persistence.speculate`). Default `true`. Ignored on SQLite, where
   * statements cost no round trip.
   */
  readonly speculativeCommits?: boolean;
}
