import type { BlobStore, JobTransport, Persistence } from "@stageflow/kernel";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createPostgresDatabase,
  type KyselyJobTransport,
  type KyselyPersistenceOptions,
  migrateToLatest,
} from "@stageflow/persistence-kysely";
import { InMemoryBlobStore, InMemoryJobTransport, InMemoryPersistence } from "@stageflow/testing";
import { createTestSchema } from "./postgres-schema";
import { createSqliteFile, type StageflowDb } from "./sqlite-file";

/** The storage side of a test: the three ports over one fresh database. */
export interface Backend {
  /** `memory`, `sqlite` or `postgres`. */
  readonly name: string;
  readonly persistence: Persistence;
  readonly jobTransport: JobTransport;
  readonly blobStore: BlobStore;
  /** Releases connections, files and schemas. */
  close(): Promise<void>;
}

/** A backend on `@stageflow/persistence-kysely`, whose transport has wake-up channels. */
export interface KyselyBackend extends Backend {
  readonly jobTransport: KyselyJobTransport;
}

/** A {@link KyselyBackend} on a schema of its own on the test Postgres. */
export interface PostgresBackend extends KyselyBackend {
  /** The server's URL; connect to the backend's schema with {@link PostgresBackend.poolConfig}. */
  readonly url: string;
  /** `pg.Pool` settings that bind a pool to the backend's schema. */
  readonly poolConfig: { readonly options: string };
}

/** Options of {@link createPostgresBackend}. */
export interface PostgresBackendOptions {
  /** Prefix of the schema's name (default `sf_test`). */
  readonly schemaPrefix?: string;
  /** Size of the backend's pool (default 8). */
  readonly maxConnections?: number;
  /** `createKyselyPersistence`'s option (default `true`): `false` commits every outcome in a transaction. */
  readonly speculativeCommits?: boolean;
}

function kyselyBackend(
  name: string,
  db: StageflowDb,
  cleanup: () => Promise<void>,
  options: KyselyPersistenceOptions = {},
): KyselyBackend {
  const jobTransport = createKyselyJobTransport(db);
  return {
    name,
    persistence: createKyselyPersistence(db, options),
    jobTransport,
    blobStore: createKyselyBlobStore(db),
    async close() {
      await jobTransport.close();
      await cleanup();
    },
  };
}

/** A backend over the in-memory adapters of `@stageflow/testing`. */
export async function createMemoryBackend(): Promise<Backend> {
  const persistence = new InMemoryPersistence();
  const jobTransport = new InMemoryJobTransport(persistence);
  return {
    name: "memory",
    persistence,
    jobTransport,
    blobStore: new InMemoryBlobStore(),
    close: () => jobTransport.close(),
  };
}

/** A backend on a migrated SQLite file in a fresh temporary directory (removed by `close`). */
export async function createSqliteBackend(): Promise<KyselyBackend> {
  const file = await createSqliteFile("stageflow-backend-");
  return kyselyBackend("sqlite", file.db, () => file.close());
}

/** A backend on a fresh, migrated schema of the test Postgres (dropped by `close`). */
export async function createPostgresBackend(
  options: PostgresBackendOptions = {},
): Promise<PostgresBackend> {
  const schema = await createTestSchema(options.schemaPrefix ?? "sf_test");
  const db = createPostgresDatabase(schema.url, {
    maxConnections: options.maxConnections ?? 8,
    poolConfig: schema.poolConfig,
  });
  const release = async () => {
    await db.destroy();
    await schema.drop();
  };
  try {
    await migrateToLatest(db);
  } catch (error) {
    await release();
    throw error;
  }
  return {
    ...kyselyBackend("postgres", db, release, {
      ...(options.speculativeCommits === undefined
        ? {}
        : { speculativeCommits: options.speculativeCommits }),
    }),
    url: schema.url,
    poolConfig: schema.poolConfig,
  };
}
