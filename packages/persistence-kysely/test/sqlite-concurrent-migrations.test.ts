import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import {
  createSqliteDatabase,
  migrateToLatest,
  STAGEFLOW_MIGRATION_TABLE,
  StageflowMigrationProvider,
} from "../src/index";
import { runWorkers } from "./helpers/spawn-workers";

const ROUNDS = 8;
const PROCESSES = 3;

/** Several processes migrating one fresh SQLite file at once (each worker's start-up). */
describe("migrateToLatest on a fresh SQLite file from several processes", {
  timeout: 300_000,
}, () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it(`${PROCESSES} processes, ${ROUNDS} rounds: none fails, each migration applied once`, async () => {
    const names = Object.keys(await new StageflowMigrationProvider("sqlite").getMigrations());
    for (let round = 0; round < ROUNDS; round++) {
      const dir = mkdtempSync(join(tmpdir(), "stageflow-migrate-"));
      dirs.push(dir);
      const filename = join(dir, "stageflow.db");
      const applied = await runWorkers<string[]>(
        "sqlite-migrate-worker.mjs",
        Array.from({ length: PROCESSES }, () => ({ filename })),
      );
      expect(applied.flat().sort(), `round ${round}`).toEqual([...names].sort());
      const db = createSqliteDatabase(filename);
      try {
        const { rows } = await sql<{
          name: string;
        }>`select name from ${sql.table(STAGEFLOW_MIGRATION_TABLE)} order by name`.execute(db);
        expect(rows.map((row) => row.name)).toEqual(names);
        expect(await migrateToLatest(db)).toEqual({ applied: [] });
      } finally {
        await db.destroy();
      }
    }
  });
});
