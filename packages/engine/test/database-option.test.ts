import { createPostgresDatabase, createSqliteDatabase } from "@stageflow/persistence-kysely";
import { createTestSchema, PG_URL } from "@stageflow/test-support";
import pg from "pg";
import { describe, expect, it } from "vitest";
import {
  createStageflow,
  InvalidDatabaseUrlError,
  InvalidStageflowOptionsError,
  type StageflowOptions,
} from "../src/index";
import { WORKFLOWS, wordCount } from "./fixtures/workflows";

const NO_WORKER = { worker: false, workflows: WORKFLOWS } as const;

describe("createStageflow's database option", () => {
  it("uses a Kysely database as given and leaves it open on close()", async () => {
    const db = createSqliteDatabase(":memory:");
    const sf = await createStageflow({ database: db, workflows: WORKFLOWS });
    expect(sf.database).toBe(db);
    expect(await (await sf.run(wordCount, { text: "a bc" })).result()).toEqual({
      count: 2,
      longest: "bc",
    });
    await sf.close();
    expect(await db.selectFrom("stageflow_runs").select("id").execute()).toHaveLength(1);
    await db.destroy();
  });

  it("wraps a pg Pool and leaves the pool open on close()", async () => {
    const schema = await createTestSchema("sf_engine_pool");
    const pool = new pg.Pool({ connectionString: PG_URL, ...schema.poolConfig, max: 4 });
    try {
      const sf = await createStageflow({ database: pool, workflows: WORKFLOWS });
      const run = await sf.run(wordCount, { text: "pooled run" });
      expect(await run.result()).toEqual({ count: 2, longest: "pooled" });
      await sf.close();
      const { rows } = await pool.query("SELECT count(*)::int AS n FROM stageflow_runs");
      expect(rows[0]).toEqual({ n: 1 });
    } finally {
      await pool.end();
      await schema.drop();
    }
  });

  it("with migrate: false leaves a fresh database unmigrated", async () => {
    const schema = await createTestSchema("sf_engine_nomigrate");
    const db = createPostgresDatabase(PG_URL, { poolConfig: schema.poolConfig });
    try {
      const sf = await createStageflow({ database: db, migrate: false, ...NO_WORKER });
      await expect(sf.run(wordCount, { text: "x" })).rejects.toThrow();
      await sf.close();
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      const { rows } = await client.query(
        "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1",
        [schema.schema],
      );
      await client.end();
      expect(rows[0]).toEqual({ n: 0 });
    } finally {
      await db.destroy();
      await schema.drop();
    }
  });

  it.each([
    [{ database: "mysql://h/db" }, InvalidDatabaseUrlError],
    [{ database: 42 }, InvalidStageflowOptionsError],
    [{ database: undefined }, InvalidStageflowOptionsError],
    [{ database: "sqlite::memory:", workflows: "word-count" }, InvalidStageflowOptionsError],
    [{ database: "sqlite::memory:", workflows: [{ id: "x" }] }, InvalidStageflowOptionsError],
    [
      { database: "sqlite::memory:", workflows: [wordCount, wordCount] },
      InvalidStageflowOptionsError,
    ],
    [{ database: "sqlite::memory:", worker: "yes" }, InvalidStageflowOptionsError],
    [{ database: "sqlite::memory:", resultPollIntervalMs: 0 }, InvalidStageflowOptionsError],
  ])("refuses %o with a typed error", async (options, type) => {
    const given = { workflows: WORKFLOWS, ...options } as unknown as StageflowOptions;
    const error = await createStageflow(given).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
  });
});
