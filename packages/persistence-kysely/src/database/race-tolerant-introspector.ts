import type {
  DatabaseIntrospector,
  DatabaseMetadata,
  DatabaseMetadataOptions,
  SchemaMetadata,
  TableMetadata,
} from "kysely";

/** SQLSTATEs of objects dropped while the catalog was being read (invalid schema / table name). */
const VANISHED = new Set(["3F000", "42P01"]);

async function retried<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (attempt >= 5 || typeof code !== "string" || !VANISHED.has(code)) throw error;
    }
  }
}

/**
 * Wraps Kysely's Postgres introspector (which `Migrator` uses to find its tables) so a schema or
 * table dropped concurrently by someone else while the catalog is read causes a retry instead of
 * a failed migration.
 */
export class RaceTolerantIntrospector implements DatabaseIntrospector {
  readonly #inner: DatabaseIntrospector;

  /** @param inner - the dialect's own introspector. */
  constructor(inner: DatabaseIntrospector) {
    this.#inner = inner;
  }

  getSchemas(): Promise<SchemaMetadata[]> {
    return retried(() => this.#inner.getSchemas());
  }

  getTables(options?: DatabaseMetadataOptions): Promise<TableMetadata[]> {
    return retried(() => this.#inner.getTables(options));
  }

  getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return retried(() => this.#inner.getMetadata(options));
  }
}
