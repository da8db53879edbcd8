import type { AsyncLocalStorage } from "node:async_hooks";
import type { Kysely } from "kysely";
import type { ValueCodec } from "../codec/value-codec";
import { UnknownDatabaseError } from "../errors/unknown-database-error";
import type { StageflowDatabase } from "../schema/stageflow-database";
import type { WakeupChannel } from "../wakeups/wakeup-channel";
import type { WakeupHub } from "../wakeups/wakeup-hub";
import type { StageflowDialect } from "./stageflow-dialect";

/** An open transaction and the wake-ups to deliver once it commits. */
export interface TransactionState {
  readonly trx: Kysely<StageflowDatabase>;
  /** Channels written in this transaction; published after commit, dropped on rollback. */
  readonly pending: Set<WakeupChannel>;
  /** False once committed or rolled back. */
  open: boolean;
}

/** What the adapters need to know about a database object beyond Kysely itself. */
export interface DatabaseContext {
  readonly dialect: StageflowDialect;
  readonly codec: ValueCodec;
  readonly wakeups: WakeupHub;
  /**
   * SQLite only: the transaction of the current async flow. SQLite has one connection, so a call
   * on a root object made inside a transaction joins it instead of waiting for it forever.
   */
  readonly transactions: AsyncLocalStorage<TransactionState> | null;
  /** SQLite only: the database file (`":memory:"` for a private in-memory database). */
  readonly sqliteFilename?: string;
}

const contexts = new WeakMap<object, DatabaseContext>();

/** Attaches `context` to `db` (done by the database factories). */
export function registerDatabaseContext(db: object, context: DatabaseContext): void {
  contexts.set(db, context);
}

/** The context attached to `db`; throws `UnknownDatabaseError` naming `caller` when none is. */
export function getDatabaseContext(db: object, caller: string): DatabaseContext {
  const context = contexts.get(db);
  if (!context) throw new UnknownDatabaseError(caller);
  return context;
}
