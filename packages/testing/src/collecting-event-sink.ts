import type { EventOfType, EventSink, StageflowEvent, StageflowEventType } from "@stageflow/kernel";

/** The error to throw for an injected failure: a fixed error or one built from the event. */
export type InjectedError = Error | ((event: StageflowEvent) => Error);

/** An `emit` call that failed on purpose. */
export interface FailedEmit {
  event: StageflowEvent;
  error: Error;
}

interface FailureRule {
  matches: (event: StageflowEvent) => boolean;
  /** How many more failures this rule injects; `Infinity` until removed. */
  remaining: number;
  error: InjectedError | undefined;
}

/**
 * An `EventSink` that records what the outbox publishes, with failure injection for testing
 * retries and the dead-letter queue. A failed `emit` rejects and is not recorded in `events`.
 *
 * @example
 * ```ts
 * const sink = new CollectingEventSink();
 * sink.failNext(3); // the next three emits reject: the event moves to the DLQ
 * await kernel.dispatch({ type: "outbox.flush" });
 * expect(sink.ofType("workflow:completed")).toHaveLength(1);
 * ```
 */
export class CollectingEventSink implements EventSink {
  readonly #events: StageflowEvent[] = [];
  readonly #failures: FailedEmit[] = [];
  readonly #rules: FailureRule[] = [];

  /** Records `event`, or rejects when a failure rule matches it. */
  async emit(event: StageflowEvent): Promise<void> {
    const copy = structuredClone(event);
    const rule = this.#rules.find((candidate) => candidate.matches(copy));
    if (rule) {
      rule.remaining -= 1;
      if (rule.remaining <= 0) this.#rules.splice(this.#rules.indexOf(rule), 1);
      const error =
        typeof rule.error === "function"
          ? rule.error(copy)
          : (rule.error ?? new Error(`CollectingEventSink: injected failure for "${copy.type}".`));
      this.#failures.push({ event: copy, error });
      throw error;
    }
    this.#events.push(copy);
  }

  /** Every event emitted successfully, in emission order. */
  get events(): readonly StageflowEvent[] {
    return this.#events;
  }

  /** Every emit that failed because of an injected failure, in order. */
  get failures(): readonly FailedEmit[] {
    return this.#failures;
  }

  /** The collected events of one type. */
  ofType<T extends StageflowEventType>(type: T): EventOfType<T>[] {
    return this.#events.filter((event): event is EventOfType<T> => event.type === type);
  }

  /** The collected events of one run, in emission order. */
  forRun(workflowRunId: string): StageflowEvent[] {
    return this.#events.filter((event) => event.workflowRunId === workflowRunId);
  }

  /** The `type` of every collected event, in order (handy for `toEqual([...])`). */
  types(): StageflowEventType[] {
    return this.#events.map((event) => event.type);
  }

  /** Forgets collected events and recorded failures; failure rules stay. */
  clear(): void {
    this.#events.length = 0;
    this.#failures.length = 0;
  }

  /** Makes the next `count` emits (of any event) reject with `error` (or a default error). */
  failNext(count = 1, error?: InjectedError): void {
    if (count > 0) this.#rules.push({ matches: () => true, remaining: count, error });
  }

  /**
   * Makes every emit whose event matches `predicate` reject, until the returned function is called
   * (or `stopFailing()`).
   */
  failWhen(predicate: (event: StageflowEvent) => boolean, error?: InjectedError): () => void {
    const rule: FailureRule = { matches: predicate, remaining: Number.POSITIVE_INFINITY, error };
    this.#rules.push(rule);
    return () => {
      const index = this.#rules.indexOf(rule);
      if (index !== -1) this.#rules.splice(index, 1);
    };
  }

  /** Removes every failure rule. */
  stopFailing(): void {
    this.#rules.length = 0;
  }
}
