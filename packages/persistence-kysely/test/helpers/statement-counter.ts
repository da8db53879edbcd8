import type pg from "pg";

/** Statements the clients of one pool sent, counted while {@link StatementCounter.counting}. */
export interface StatementCounter {
  /** Counts only while true. */
  counting: boolean;
  /** Every statement sent (including `begin` and `commit`), by SQL text. */
  readonly texts: string[];
  /** Statements sent so far. */
  readonly statements: number;
  /** `commit` statements sent so far. */
  readonly commits: number;
  /**
   * Commits, explicit or not: `commit`s plus statements sent outside `begin` … `commit` (each
   * commits on its own). Read from the order of {@link texts}, so for sequential work only.
   */
  readonly transactions: number;
  /** Forgets what was counted. */
  reset(): void;
}

/** A {@link StatementCounter} over `texts`, which whoever records the statements pushes to. */
export function statementCounter(texts: string[]): StatementCounter {
  return {
    counting: false,
    texts,
    get statements() {
      return texts.length;
    },
    get commits() {
      return texts.filter((text) => /^\s*commit\b/i.test(text)).length;
    },
    get transactions() {
      return countTransactions(texts);
    },
    reset() {
      texts.length = 0;
    },
  };
}

/**
 * Wraps `query` of every client `pool.connect()` hands out (patching `pool.connect`), so each statement sent through the pool is
 * recorded while `counting` is on (named prepared statements by their text).
 */
export function countStatements(pool: pg.Pool): StatementCounter {
  const texts: string[] = [];
  const counter = statementCounter(texts);
  const wrapped = new WeakSet<object>();
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  (pool as { connect: unknown }).connect = async () => {
    const client = await connect();
    if (!wrapped.has(client)) {
      wrapped.add(client);
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as { query: unknown }).query = (...args: unknown[]) => {
        if (counter.counting) {
          const first = args[0] as string | { text?: string };
          texts.push(typeof first === "string" ? first : (first?.text ?? ""));
        }
        return query(...args);
      };
    }
    return client;
  };
  return counter;
}

/** Commits in a sequence of statements: each `commit`, and each statement outside a transaction. */
export function countTransactions(texts: readonly string[]): number {
  let open = false;
  let count = 0;
  for (const text of texts) {
    if (/^\s*begin\b/i.test(text)) open = true;
    else if (/^\s*(commit|rollback)\b/i.test(text)) {
      if (/^\s*commit/i.test(text)) count++;
      open = false;
    } else if (!open) count++;
  }
  return count;
}
