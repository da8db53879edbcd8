import { createNodeHost } from "@stageflow/host-node";
import {
  createKernel,
  createPluginRunner,
  createWorkflowRegistry,
  systemClock,
} from "@stageflow/kernel";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createPostgresDatabase,
  migrateToLatest,
} from "@stageflow/persistence-kysely";
import pg from "pg";
import { ticketWorkflow } from "./ticket-workflow";

/** Where the example keeps its tables. */
export interface PostgresTarget {
  /** Default `STAGEFLOW_PG_URL`, else `postgres://postgres@127.0.0.1:5432/test`. */
  readonly url: string;
  /** A schema of its own, so the example never touches other tables. */
  readonly schema: string;
}

/** The connection from the environment. */
export function targetFromEnv(env = process.env): PostgresTarget {
  return {
    url: env.STAGEFLOW_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test",
    schema: env.STAGEFLOW_PG_SCHEMA ?? "stageflow_multi_worker",
  };
}

function assertSchemaName(schema: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`Bad schema name "${schema}"`);
}

/** Creates the schema when missing and migrates it (safe from several processes at once). */
export async function prepareSchema(target: PostgresTarget): Promise<void> {
  assertSchemaName(target.schema);
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    await client.query(`create schema if not exists ${target.schema}`);
  } finally {
    await client.end();
  }
  const db = openDatabase(target);
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}

/** Drops the schema and everything in it. */
export async function dropSchema(target: PostgresTarget): Promise<void> {
  assertSchemaName(target.schema);
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${target.schema} cascade`);
  } finally {
    await client.end();
  }
}

/** A Kysely database whose connections use the example's schema. */
export function openDatabase(target: PostgresTarget) {
  assertSchemaName(target.schema);
  return createPostgresDatabase(target.url, {
    maxConnections: 8,
    poolConfig: { options: `-c search_path=${target.schema}` },
  });
}

/** The ports and the kernel over one database; a node host when `workerId` is given. */
export function createStageflow(db: ReturnType<typeof openDatabase>) {
  const persistence = createKyselyPersistence(db);
  const jobTransport = createKyselyJobTransport(db);
  const kernel = createKernel({
    persistence,
    jobTransport,
    blobStore: createKyselyBlobStore(db),
    eventSink: createPluginRunner({ plugins: [] }),
    clock: systemClock,
    registry: createWorkflowRegistry([ticketWorkflow]),
  });
  const host = (workerId: string) =>
    createNodeHost({
      kernel,
      jobTransport,
      workerId,
      concurrency: 4,
      // Short so the demo shows a takeover within seconds; production keeps the defaults.
      staleLeaseThresholdMs: 2_000,
      heartbeatIntervalMs: 500,
      orchestrationIntervalMs: 500,
    });
  return { persistence, jobTransport, kernel, host };
}
