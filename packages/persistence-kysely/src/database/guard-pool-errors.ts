import type { PgPool } from "./postgres-shapes";

/** Receives connection errors of a pool's clients (see `PostgresDatabaseOptions.onError`). */
export type PostgresErrorHandler = (error: Error) => void;

/** Anything with an `error` event (a `pg.Client`). */
interface ErrorEmitter {
  on(event: "error", listener: (error: Error) => void): unknown;
}

/** Handlers per guarded pool; a pool gets its listeners once, however many databases share it. */
const guardedPools = new WeakMap<object, Set<PostgresErrorHandler>>();

/**
 * Makes connection errors of `pool`'s clients harmless: `pg` emits `error` on a client whose
 * connection dies, and with no listener (a client checked out between two statements of a
 * transaction has none) Node turns that into an uncaught exception that ends the process. Every
 * client the pool connects or hands out gets one listener, and the pool gets one for idle
 * clients; they pass the error to `onError` (and to the handlers of other databases on the same
 * pool). The query that was running, or the next one on that client, still rejects, and the pool
 * discards the client when it is released. Idempotent per pool and per client.
 *
 * @param pool - a `pg.Pool` (created by this package or supplied by the user).
 * @param onError - receives each error once; an exception it throws is swallowed.
 */
export function guardPoolErrors(pool: PgPool, onError: PostgresErrorHandler): void {
  if (typeof pool.on !== "function") return;
  const existing = guardedPools.get(pool);
  if (existing) {
    existing.add(onError);
    return;
  }
  const handlers = new Set<PostgresErrorHandler>([onError]);
  guardedPools.set(pool, handlers);
  const guardedClients = new WeakSet<object>();
  const report = (error: Error): void => {
    for (const handler of handlers) {
      try {
        handler(error);
      } catch {
        // An error handler must never turn a connection error into an uncaught exception.
      }
    }
  };
  const guard = (client: unknown): void => {
    if (!isErrorEmitter(client) || guardedClients.has(client)) return;
    guardedClients.add(client);
    client.on("error", report);
  };
  pool.on("connect", guard);
  pool.on("acquire", guard);
  // The pool re-emits errors of idle clients; a guarded client already reported its own.
  pool.on("error", (error, client) => {
    if (client === undefined || !guardedClients.has(client)) report(error);
  });
}

/**
 * The default `onError`: `console.warn` once per kind of error (its `code`, else its message) per
 * database, so a flapping network does not flood the log.
 */
export function warnOncePerKind(): PostgresErrorHandler {
  const seen = new Set<string>();
  return (error) => {
    const code = (error as { code?: unknown }).code;
    const kind = typeof code === "string" && code !== "" ? code : String(error?.message);
    if (seen.has(kind) || seen.size >= 100) return;
    seen.add(kind);
    console.warn(
      `[stageflow] Postgres connection error (${kind}): the affected query fails and the pool ` +
        "replaces the connection. Further errors of this kind are not logged; pass `onError` " +
        "to createPostgresDatabase to handle them.",
      error,
    );
  };
}

function isErrorEmitter(value: unknown): value is ErrorEmitter & object {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Partial<ErrorEmitter>).on === "function"
  );
}
