/**
 * The part of `pg` this package uses, described by shape: `@types/pg` is not linked into the bench
 * package. When it is, TypeScript resolves the real types first and this declaration is ignored.
 */
declare module "pg" {
  /** A query result. */
  export interface QueryResult<R> {
    rows: R[];
    rowCount: number | null;
  }
  /** Pool settings used here. */
  export interface PoolConfig {
    connectionString?: string;
    max?: number;
    application_name?: string;
    /** Server settings per connection, e.g. `-c search_path=…`. */
    options?: string;
  }
  /** A checked-out connection. */
  export interface PoolClient {
    query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
    release(error?: Error | boolean): void;
  }
  /** A connection pool. */
  export class Pool {
    constructor(config?: PoolConfig);
    query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
    connect(): Promise<PoolClient>;
    end(): Promise<void>;
    on(event: "error", listener: (error: Error) => void): this;
    on(event: "connect" | "acquire", listener: (client: unknown) => void): this;
  }
  /** A single connection (used by the test support the AI rate-limit bench imports). */
  export class Client {
    constructor(config?: { connectionString?: string });
    connect(): Promise<void>;
    query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
    end(): Promise<void>;
  }
  const pg: { Pool: typeof Pool; Client: typeof Client };
  export default pg;
}
