import type { Kysely } from "kysely";
import type { StageflowDatabase } from "../../src/index";
import { createPostgresTestSchema } from "./postgres-test-schema";
import { createSqliteTestDatabase } from "./sqlite-test-database";

/** A database under test and how to dispose of it. */
export interface TestTarget {
  readonly db: Kysely<StageflowDatabase>;
  /** Opens a second database object on the same data (another pool; SQLite file only). */
  openAnother?(): Kysely<StageflowDatabase>;
  teardown(): Promise<void>;
}

/** The three targets every adapter test runs on. */
export const TARGETS = {
  "sqlite (file)": async (): Promise<TestTarget> => createSqliteTestDatabase("file"),
  "sqlite (:memory:)": async (): Promise<TestTarget> => createSqliteTestDatabase("memory"),
  postgres: async (): Promise<TestTarget> => {
    const schema = await createPostgresTestSchema();
    return { db: schema.db, openAnother: () => schema.openAnother(), teardown: schema.teardown };
  },
} as const;

/** The names of {@link TARGETS}. */
export type TargetName = keyof typeof TARGETS;

/** Every target name. */
export const TARGET_NAMES = Object.keys(TARGETS) as TargetName[];
