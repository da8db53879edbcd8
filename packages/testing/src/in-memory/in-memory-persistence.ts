import type { Persistence } from "@stageflow/kernel";
import type { InMemoryAICallLogger } from "./in-memory-ai-call-logger";
import { InMemoryPersistenceBase } from "./in-memory-persistence-base";
import { InMemoryStore, type TransactionScope } from "./in-memory-store";

/** Options of `new InMemoryPersistence(options)`. */
export interface InMemoryPersistenceOptions {
  /**
   * The AI call logger your stages' AI helpers write to: its records become this store's AI call
   * records, listed in run details and deleted with their runs by `run.purge`.
   */
  readonly aiCalls?: InMemoryAICallLogger;
}

const stores = new WeakMap<InMemoryPersistence, InMemoryStore>();

/**
 * A complete `Persistence` kept in process memory, for tests and examples. It passes the same
 * conformance suite as the SQL adapters.
 *
 * - Transactions are serialized by an async mutex and work on a copy-on-write fork of the data:
 *   a callback that throws leaves nothing behind (jobs, outbox events, idempotency keys
 *   included). `withTransaction` on the transaction object joins the outer transaction.
 * - Values are checked with `assertJsonValue` and stored as their JSON form (a `Date` inside a
 *   JSON value reads back as an ISO string, a top-level `undefined` as `null`); every read
 *   returns a deep copy.
 * - Calling a root method from inside one of its own transactions throws instead of deadlocking.
 * - With `options.aiCalls`, that logger's records are the store's AI call records: run details
 *   (`queries.listAICalls`) and daily costs (`queries.aiCostsByDay`) show them and `deleteRuns` removes them (after commit).
 *
 * @example
 * ```ts
 * const persistence = new InMemoryPersistence();
 * const jobTransport = new InMemoryJobTransport(persistence);
 * await persistence.withTransaction(async (tx) => {
 *   const run = await tx.createRun({ workflowId: "w", input: {}, config: {}, priority: 5, metadata: null, now });
 *   await tx.enqueueJobs([{ workflowRunId: run.id, workflowId: "w", stageId: "a", priority: 5, attempt: 1, maxAttempts: 3, now }]);
 * });
 * ```
 */
export class InMemoryPersistence extends InMemoryPersistenceBase {
  readonly #store = new InMemoryStore();

  /** @param options - `aiCalls`: the AI call logger whose records belong to this store. */
  constructor(options: InMemoryPersistenceOptions = {}) {
    super(options.aiCalls);
    stores.set(this, this.#store);
  }

  /** Runs `fn` in a serialized transaction: commits when it resolves, leaves nothing when it throws. */
  override withTransaction<T>(fn: (tx: Persistence) => Promise<T>): Promise<T> {
    return this.#store.transaction((scope) => fn(new InMemoryTransaction(scope, this.aiCalls)));
  }

  protected override operate<T>(operation: (scope: TransactionScope) => T): Promise<T> {
    return this.#store.transaction(async (scope) => operation(scope));
  }
}

/** The transaction-bound `Persistence` handed to `withTransaction` callbacks. */
class InMemoryTransaction extends InMemoryPersistenceBase {
  readonly #scope: TransactionScope;

  constructor(scope: TransactionScope, aiCalls: InMemoryAICallLogger | undefined) {
    super(aiCalls);
    this.#scope = scope;
  }

  override async withTransaction<T>(fn: (tx: Persistence) => Promise<T>): Promise<T> {
    this.#scope.assertActive();
    return fn(this);
  }

  protected override async operate<T>(operation: (scope: TransactionScope) => T): Promise<T> {
    this.#scope.assertActive();
    return operation(this.#scope);
  }
}

/** The store behind a root `InMemoryPersistence` (shared with `InMemoryJobTransport`). */
export function storeOf(persistence: InMemoryPersistence): InMemoryStore {
  const store = stores.get(persistence);
  if (!store) {
    throw new TypeError(
      "InMemoryJobTransport needs the root InMemoryPersistence (not a transaction object or another Persistence).",
    );
  }
  return store;
}
