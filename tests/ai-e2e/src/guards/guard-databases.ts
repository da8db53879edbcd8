/**
 * The databases the AI-guard tests run on: a SQLite file and a Postgres schema of their own, each
 * as a URL (worker processes open it too) plus a small-pool Kysely database for the test itself.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createPostgresDatabase,
  createSqliteDatabase,
  migrateToLatest,
} from "@stageflow/persistence-kysely";
import { createTestSchema, PG_URL, type StageflowDb } from "@stageflow/test-support";

/** A migrated database of one test. */
export interface GuardDatabase {
  readonly dialect: "sqlite" | "postgres";
  /** `sqlite:PATH` or `postgres://…?options=-c search_path=…`. */
  readonly url: string;
  readonly db: StageflowDb;
  /** Closes `db` and removes the file or schema. */
  cleanup(): Promise<void>;
}

/** Opens `url` as a Kysely database with at most `max` Postgres connections. */
export function openGuardDatabase(url: string, max = 3): StageflowDb {
  if (url.startsWith("sqlite:")) return createSqliteDatabase(url.slice("sqlite:".length));
  const parsed = new URL(url);
  const options = parsed.searchParams.get("options") ?? undefined;
  parsed.searchParams.delete("options");
  return createPostgresDatabase(parsed.toString(), {
    poolConfig: { max, ...(options === undefined ? {} : { options }) },
  });
}

async function sqlite(): Promise<GuardDatabase> {
  const dir = mkdtempSync(join(tmpdir(), "sf-ai-guard-"));
  const url = `sqlite:${join(dir, "guards.db")}`;
  const db = openGuardDatabase(url);
  await migrateToLatest(db);
  return {
    dialect: "sqlite",
    url,
    db,
    async cleanup() {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgres(): Promise<GuardDatabase> {
  const schema = await createTestSchema("sf_ai_guard");
  const parsed = new URL(PG_URL);
  parsed.searchParams.set("options", `-c search_path=${schema.schema}`);
  const url = parsed.toString();
  const db = openGuardDatabase(url);
  await migrateToLatest(db);
  return {
    dialect: "postgres",
    url,
    db,
    async cleanup() {
      await db.destroy();
      await schema.drop();
    },
  };
}

/** Both dialects, for `describe.each`. */
export const GUARD_DATABASES = [
  { dialect: "sqlite", open: sqlite },
  { dialect: "postgres", open: postgres },
] as const;
