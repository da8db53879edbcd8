import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestSchema, PG_URL } from "@stageflow/test-support";

/** A database URL for one test file, and how to remove it. */
export interface TestDatabase {
  readonly name: "sqlite" | "postgres";
  readonly url: string;
  cleanup(): Promise<void>;
}

/** The two dialects every API test runs on: a SQLite file and a Postgres schema of its own. */
export const DIALECTS: readonly { name: "sqlite" | "postgres"; open(): Promise<TestDatabase> }[] = [
  {
    name: "sqlite",
    async open() {
      const dir = mkdtempSync(join(tmpdir(), "sf-dashboard-"));
      return {
        name: "sqlite",
        url: `sqlite:${join(dir, "app.db")}`,
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: "postgres",
    async open() {
      const schema = await createTestSchema("sf_dashboard");
      const url = new URL(PG_URL);
      url.searchParams.set("options", `-c search_path=${schema.schema}`);
      return { name: "postgres", url: url.toString(), cleanup: () => schema.drop() };
    },
  },
];
