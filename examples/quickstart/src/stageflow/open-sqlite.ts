import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import {
  createKyselyAICallLogger,
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createSqliteDatabase,
  migrateToLatest,
} from "@stageflow/persistence-kysely";

/**
 * Opens (creating it if needed) the SQLite file and migrates it: every port Stageflow needs,
 * in one file. Migrations are idempotent, so this runs on every start.
 */
export async function openSqlite(filename: string) {
  mkdirSync(dirname(filename), { recursive: true });
  const db = createSqliteDatabase(filename);
  await migrateToLatest(db);
  return {
    db,
    persistence: createKyselyPersistence(db),
    jobTransport: createKyselyJobTransport(db),
    blobStore: createKyselyBlobStore(db),
    aiCallLogger: createKyselyAICallLogger(db),
    close: () => db.destroy(),
  };
}

/** What {@link openSqlite} returns. */
export type SqlitePorts = Awaited<ReturnType<typeof openSqlite>>;
