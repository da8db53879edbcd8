import { type Kysely, sql } from "kysely";
import { getDatabaseContext } from "../database/database-context";
import type { StageflowDatabase } from "../schema/stageflow-database";
import { createStageflowMigrators } from "./create-stageflow-migrator";

/** One Stageflow migration and whether it has been applied. */
export interface MigrationState {
  /** The migration's name, e.g. `0001_initial`. */
  readonly name: string;
  /** When it was applied, or `null` while it is pending. */
  readonly appliedAt: Date | null;
}

/** One Stageflow table and how much it holds. */
export interface TableSize {
  /** The table's name, e.g. `stageflow_runs`. */
  readonly table: string;
  /** Its rows (exact). */
  readonly rows: number;
  /** Its size on disk with indexes and TOAST, in bytes (Postgres; `null` on SQLite). */
  readonly bytes: number | null;
}

/** What {@link getDatabaseStatus} reports. */
export interface DatabaseStatus {
  readonly dialect: "postgres" | "sqlite";
  /** Every migration this version ships, in order, applied or not. */
  readonly migrations: readonly MigrationState[];
  /** Names of the migrations not applied yet. */
  readonly pending: readonly string[];
  /** The Stageflow tables that exist, with their sizes (none before the first migration). */
  readonly tables: readonly TableSize[];
}

const TABLES = [
  "stageflow_runs",
  "stageflow_stages",
  "stageflow_jobs",
  "stageflow_logs",
  "stageflow_outbox_events",
  "stageflow_idempotency_keys",
  "stageflow_blobs",
  "stageflow_ai_calls",
] as const;

/**
 * Applied and pending migrations and the size of every Stageflow table: what `stageflow db status`
 * prints. Reads only; safe on a database that was never migrated.
 *
 * @example
 * ```ts
 * const status = await getDatabaseStatus(db);
 * if (status.pending.length > 0) await migrateToLatest(db);
 * ```
 */
export async function getDatabaseStatus(db: Kysely<StageflowDatabase>): Promise<DatabaseStatus> {
  const { dialect } = getDatabaseContext(db, "getDatabaseStatus");
  const migrators = await createStageflowMigrators(db, "getDatabaseStatus");
  const migrations = (await migrators.on(db).getMigrations()).map((m) => ({
    name: m.name,
    appliedAt: m.executedAt ?? null,
  }));
  const tables: TableSize[] = [];
  for (const table of TABLES) {
    if (!(await tableExists(db, dialect, table))) continue;
    const { rows } = await sql<{
      rows: number | string;
    }>`select count(*) as rows from ${sql.table(table)}`.execute(db);
    let bytes: number | null = null;
    if (dialect === "postgres") {
      const size = await sql<{
        bytes: number | string;
      }>`select pg_total_relation_size(to_regclass(quote_ident(current_schema()) || '.' || ${table})) as bytes`.execute(
        db,
      );
      bytes = Number(size.rows[0]?.bytes ?? 0);
    }
    tables.push({ table, rows: Number(rows[0]?.rows ?? 0), bytes });
  }
  return {
    dialect,
    migrations,
    pending: migrations.filter((m) => m.appliedAt === null).map((m) => m.name),
    tables,
  };
}

async function tableExists(
  db: Kysely<StageflowDatabase>,
  dialect: "postgres" | "sqlite",
  table: string,
): Promise<boolean> {
  // Postgres: only the first schema of the search_path counts (the one the migrations write to).
  const query =
    dialect === "postgres"
      ? sql<{
          found: unknown;
        }>`select to_regclass(quote_ident(current_schema()) || '.' || ${table}) as found`
      : sql<{
          found: unknown;
        }>`select name as found from sqlite_master where type = 'table' and name = ${table}`;
  const { rows } = await query.execute(db);
  return rows[0]?.found !== undefined && rows[0]?.found !== null;
}
