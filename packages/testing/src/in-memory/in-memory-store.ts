import { AsyncLocalStorage } from "node:async_hooks";
import { AsyncMutex } from "./async-mutex";
import { emptyState, forkState, type InMemoryState } from "./in-memory-state";

/** The working copy of one open transaction. */
export class TransactionScope {
  /** False once the transaction committed or rolled back. */
  active = true;
  /** Set when the transaction made jobs available, so wake-up listeners run after its commit. */
  jobsBecameAvailable = false;
  /** Effects outside the state (e.g. on an attached AI call logger), applied only after commit. */
  readonly afterCommit: (() => void)[] = [];

  constructor(readonly state: InMemoryState) {}

  /** Throws when the transaction object is used after its transaction ended. */
  assertActive(): void {
    if (!this.active) {
      throw new Error(
        "This in-memory transaction object is used after its transaction ended; keep using it only inside the withTransaction callback.",
      );
    }
  }
}

/**
 * The shared heart of `InMemoryPersistence` and `InMemoryJobTransport`: the committed state, the
 * mutex that serializes transactions, and the wake-up listeners.
 */
export class InMemoryStore {
  #state: InMemoryState = emptyState();
  readonly #mutex = new AsyncMutex();
  readonly #context = new AsyncLocalStorage<TransactionScope>();
  readonly #wakeListeners = new Set<() => void>();

  /** The last committed state; read-only by convention (committed collections are never changed). */
  get committed(): InMemoryState {
    return this.#state;
  }

  /**
   * Runs `fn` on a fork of the committed state, under the mutex; installs the fork when `fn`
   * resolves and drops it when `fn` throws. Wake-up listeners run after a commit that made jobs
   * available, once the mutex is released.
   */
  async transaction<T>(fn: (scope: TransactionScope) => Promise<T>): Promise<T> {
    this.#assertNotInsideTransaction();
    const release = await this.#mutex.acquire();
    const scope = new TransactionScope(forkState(this.#state));
    let result: T;
    try {
      result = await this.#context.run(scope, () => fn(scope));
      this.#state = scope.state;
    } finally {
      scope.active = false;
      release();
    }
    for (const effect of scope.afterCommit) effect();
    if (scope.jobsBecameAvailable) this.#wake();
    return result;
  }

  /** Registers a wake-up listener; returns a function removing it. */
  addWakeListener(listener: () => void): () => void {
    const entry = () => listener();
    this.#wakeListeners.add(entry);
    return () => {
      this.#wakeListeners.delete(entry);
    };
  }

  #wake(): void {
    for (const listener of [...this.#wakeListeners]) {
      try {
        listener();
      } catch {
        // A failing listener must not fail the committed transaction nor starve other listeners.
      }
    }
  }

  #assertNotInsideTransaction(): void {
    if (this.#context.getStore()?.active) {
      throw new Error(
        "A root method of InMemoryPersistence/InMemoryJobTransport was called inside a transaction of the same store. " +
          "In-memory transactions are serialized, so this would deadlock: use the transaction object passed to withTransaction.",
      );
    }
  }
}
