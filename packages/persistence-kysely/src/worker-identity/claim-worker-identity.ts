import type { WorkerIdentity } from "@stageflow/kernel";
import { sql } from "kysely";
import type { Scope } from "../scope/scope";
import { releaseWorkerJobs } from "../sql/release-worker-jobs";
import {
  acquireSqliteWorkerLock,
  releaseSqliteWorkerLock,
  workerLockPath,
} from "./sqlite-worker-lock";

/**
 * `JobTransport.claimWorkerIdentity` on Kysely. The rule: a worker id's RUNNING leases are
 * reclaimed only by a process that holds the id exclusively, which proves their holder is dead.
 * Postgres: a session advisory lock on `hashtext('stageflow.worker:' || id)`, held on a dedicated
 * connection until `release()` (the server drops it the moment a killed process's connection
 * closes). SQLite file: a lock file beside the database naming the holder's pid (a live pid on
 * this machine keeps the id; a dead one was the predecessor). `:memory:` is private to the
 * process, so the id is always free. Two live processes with one id: the second gets `null`.
 */
export async function claimWorkerIdentity(
  scope: Scope,
  options: { workerId: string; now: Date },
): Promise<WorkerIdentity | null> {
  const { dialect, sqliteFilename } = scope.context;
  if (dialect === "sqlite") {
    if (sqliteFilename === undefined || sqliteFilename === ":memory:" || sqliteFilename === "") {
      return { released: await releaseWorkerJobs(scope, options), release: async () => {} };
    }
    const path = workerLockPath(sqliteFilename, options.workerId);
    if (!acquireSqliteWorkerLock(path)) return null;
    const released = await releaseWorkerJobs(scope, options);
    return { released, release: async () => releaseSqliteWorkerLock(path) };
  }
  return claimOnPostgres(scope, options);
}

function claimOnPostgres(
  scope: Scope,
  options: { workerId: string; now: Date },
): Promise<WorkerIdentity | null> {
  const key = `stageflow.worker:${options.workerId}`;
  return new Promise<WorkerIdentity | null>((resolve, reject) => {
    let letGo: () => void = () => {};
    const held = new Promise<void>((done) => {
      letGo = done;
    });
    let settled = false;
    const finished = scope
      .executor()
      .connection()
      .execute(async (connection) => {
        const { rows } = await sql<{
          got: boolean;
        }>`select pg_try_advisory_lock(hashtext(${key})) as got`.execute(connection);
        if (rows[0]?.got !== true) {
          settled = true;
          resolve(null);
          return;
        }
        let released: number;
        try {
          released = await releaseWorkerJobs(scope, options);
        } catch (error) {
          await sql`select pg_advisory_unlock(hashtext(${key}))`.execute(connection);
          throw error;
        }
        settled = true;
        resolve({
          released,
          async release() {
            letGo();
            await finished.catch(() => {});
          },
        });
        await held;
        await sql`select pg_advisory_unlock(hashtext(${key}))`.execute(connection);
      });
    finished.catch((error: unknown) => {
      if (!settled) reject(error);
    });
  });
}
