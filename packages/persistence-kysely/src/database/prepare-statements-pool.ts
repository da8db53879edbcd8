import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from "kysely";

/** A `pg` pool client as far as named statements need it. */
interface NamedQueryClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<unknown>;
  query(...args: unknown[]): unknown;
  release(...args: unknown[]): void;
}

/**
 * Wraps a `pg` pool so that queries whose SQL text is in `names` run as named prepared statements
 * (prepared once per connection, then bound and executed); every other query passes through.
 * Disable with `preparedStatements: false` behind a pooler that cannot keep them (PgBouncer in
 * transaction mode before 1.21).
 *
 * @param pool - the `pg` pool.
 * @param names - statement name by SQL text.
 */
export function prepareStatementsPool(
  pool: PostgresPool,
  names: ReadonlyMap<string, string>,
): PostgresPool {
  const proxies = new WeakMap<object, PostgresPoolClient>();
  return {
    async connect() {
      const client = (await pool.connect()) as unknown as NamedQueryClient;
      let proxy = proxies.get(client);
      if (!proxy) {
        const query = (text: unknown, values?: unknown): unknown => {
          const name = typeof text === "string" ? names.get(text) : undefined;
          if (name !== undefined) {
            return client.query({
              name,
              text: text as string,
              values: (values ?? []) as unknown[],
            });
          }
          return values === undefined ? client.query(text) : client.query(text, values);
        };
        proxy = {
          query: query as <R>(
            sql: string,
            parameters: ReadonlyArray<unknown>,
          ) => Promise<PostgresQueryResult<R>>,
          release: () => client.release(),
        } as PostgresPoolClient;
        proxies.set(client, proxy);
      }
      return proxy;
    },
    end: () => pool.end(),
  };
}
