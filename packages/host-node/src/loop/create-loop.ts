import type { HostLogger } from "./host-logger";
import { computeRetryDelay, type RetryBackoff } from "./retry-delay";

/** What a loop step reports: run again at once (more work is waiting), or wait for the next turn. */
export type LoopStepResult = "again" | "idle";

/** Options of {@link createLoop}. */
export interface LoopOptions {
  /** Name used in log lines. */
  readonly name: string;
  /** Milliseconds between runs when nothing kicks the loop; `null` runs only when kicked. */
  readonly intervalMs: number | null;
  /** One unit of work. A rejection is logged and retried after a backoff. */
  readonly step: () => Promise<LoopStepResult>;
  /** Delay after consecutive failures. */
  readonly backoff: RetryBackoff;
  /** Where failures are logged. */
  readonly logger: HostLogger;
  /** Called with every failure, after it is logged (for counters). */
  readonly onFailure?: (error: unknown) => void;
}

/** A self-scheduling loop that runs one step at a time. */
export interface Loop {
  /** Runs the first step at once, then keeps going until {@link Loop.stop}. */
  start(): void;
  /**
   * Asks for a step as soon as possible. Kicks coalesce: a kick during a step runs one more step
   * right after it; a kick during a failure backoff waits for the backoff to end.
   */
  kick(): void;
  /** Stops scheduling and resolves once the step in flight (if any) has settled. */
  stop(): Promise<void>;
  /** Consecutive failed steps (0 after a success). */
  readonly failures: number;
}

/**
 * Creates a {@link Loop}: a step runs at most once at a time, again at once when it reports
 * `"again"` or was kicked meanwhile, after `intervalMs` otherwise, and after a capped exponential
 * backoff when it fails. It never rejects and never leaves an unhandled rejection.
 */
export function createLoop(options: LoopOptions): Loop {
  const { name, intervalMs, step, backoff, logger, onFailure } = options;
  let stopped = true;
  let running: Promise<void> | null = null;
  let kicked = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let immediate: ReturnType<typeof setImmediate> | undefined;

  const clearScheduled = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    if (immediate !== undefined) clearImmediate(immediate);
    timer = undefined;
    immediate = undefined;
  };

  const schedule = (delayMs: number): void => {
    clearScheduled();
    if (delayMs <= 0) {
      immediate = setImmediate(run);
    } else {
      timer = setTimeout(run, delayMs);
    }
  };

  const afterStep = (again: boolean): void => {
    if (stopped) return;
    if (failures > 0) schedule(computeRetryDelay(failures, backoff));
    else if (again || kicked) schedule(0);
    else if (intervalMs !== null) schedule(intervalMs);
  };

  function run(): void {
    timer = undefined;
    immediate = undefined;
    if (stopped || running) return;
    kicked = false;
    // Mark the loop busy before the step starts, so a kick from its synchronous part is kept.
    running = Promise.resolve();
    running = (async () => {
      let again = false;
      try {
        again = (await step()) === "again";
        failures = 0;
      } catch (error) {
        failures += 1;
        logger.warn(
          { err: error, loop: name, failures, retryInMs: computeRetryDelay(failures, backoff) },
          `${name} failed; retrying`,
        );
        onFailure?.(error);
      }
      running = null;
      afterStep(again);
    })();
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      failures = 0;
      schedule(0);
    },
    kick() {
      if (stopped) return;
      if (running || failures > 0) {
        kicked = true;
        return;
      }
      // A step already due at once stays due: rescheduling it would put it behind the next
      // turn's immediates, and kicks arriving every turn (a busy host's job completions) would
      // then postpone it forever.
      if (immediate !== undefined) return;
      schedule(0);
    },
    async stop() {
      stopped = true;
      clearScheduled();
      await running;
    },
    get failures() {
      return failures;
    },
  };
}
