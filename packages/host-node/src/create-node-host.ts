import { type HostSession, startHostSession } from "./host-session";
import type { NodeHostOptions } from "./node-host-options";
import {
  installSignalHandlers,
  reraiseIfUnhandled,
  type ShutdownSignal,
} from "./process/signal-handlers";
import { resolveNodeHostOptions } from "./resolve-node-host-options";
import { createHostCounters, type NodeHostStats } from "./stats/node-host-stats";

/** A long-running worker host; see {@link createNodeHost}. */
export interface NodeHost {
  /**
   * Starts the loops (jobs, heartbeats, claims, outbox flushes, orchestration ticks), subscribes to
   * wake-ups and, with `handleSignals`, registers SIGTERM / SIGINT handlers. Resolves once every
   * wake-up source was tried once (at most 5 s); a database that is down is retried in the
   * background. Calling it while running does nothing. With `schedules`, the declared schedules
   * are upserted first; a definition the kernel refuses (bad cron, unknown workflow, …) stops the
   * host again and rejects with that typed error.
   */
  start(): Promise<void>;
  /**
   * Drains: takes no new jobs or runs, waits up to `shutdownTimeoutMs` for running jobs, then
   * releases the leases of the rest and aborts their bodies, flushes the outbox once more and
   * removes the signal handlers. Never rejects; concurrent calls share one drain.
   */
  stop(): Promise<void>;
  /** A snapshot of the host's counters. */
  getStats(): NodeHostStats;
  /**
   * Claims pending runs, dequeues jobs and flushes the outbox now, without waiting for a wake-up
   * or a tick (call it after creating runs in this process; `runAndWait` does).
   */
  wake(): void;
}

/**
 * Creates a Node.js worker host around a kernel: it keeps up to `concurrency` jobs in flight,
 * starts jobs as soon as the transport announces them, heartbeats their leases, runs the
 * orchestration tick, fires cron schedules at their due time (`schedule.tick` on a timer to the
 * next due schedule), and drains gracefully on `stop()` or SIGTERM / SIGINT. Every loop logs and
 * retries failures with capped exponential backoff, so a database outage never crashes it.
 *
 * @throws {@link InvalidHostOptionsError} when an option is missing or out of range.
 *
 * @example
 * ```ts
 * const host = createNodeHost({ kernel, jobTransport, workerId: `worker-${process.pid}` });
 * await host.start(); // SIGTERM drains and exits
 * ```
 */
export function createNodeHost(options: NodeHostOptions): NodeHost {
  const config = resolveNodeHostOptions(options);
  const { logger } = config;
  const counters = createHostCounters();
  let session: HostSession | null = null;
  let startedAt = 0;
  let stopping: Promise<void> | null = null;
  let force = new AbortController();
  let removeSignalHandlers: (() => void) | null = null;

  const onSignal = (signal: ShutdownSignal): void => {
    if (stopping) {
      logger.warn({ signal }, "second signal: abandoning running jobs now");
      force.abort();
      return;
    }
    logger.info({ signal }, "signal received; draining");
    void stop().then(() => reraiseIfUnhandled(signal));
  };

  function stop(): Promise<void> {
    if (stopping) return stopping;
    const current = session;
    if (!current) return Promise.resolve();
    logger.info({ activeJobs: current.pool.active.size }, "host draining");
    stopping = (async () => {
      try {
        const { abandoned } = await current.stop(force.signal);
        logger.info({ abandoned }, "host stopped");
      } catch (error) {
        logger.error({ err: error }, "host stop failed");
      } finally {
        removeSignalHandlers?.();
        removeSignalHandlers = null;
        session = null;
        stopping = null;
      }
    })();
    return stopping;
  }

  return {
    async start() {
      if (stopping) await stopping;
      if (session) return;
      force = new AbortController();
      startedAt = performance.now();
      session = startHostSession({
        kernel: options.kernel,
        transport: options.jobTransport,
        config,
        counters,
        wakeups: options.wakeups,
      });
      if (config.handleSignals) removeSignalHandlers = installSignalHandlers(onSignal);
      logger.info({ concurrency: config.concurrency }, "host started");
      await session.ready;
      try {
        await session.schedulesReady;
      } catch (error) {
        await stop();
        throw error;
      }
    },
    stop,
    wake() {
      session?.wake();
    },
    getStats() {
      const running = session !== null;
      return {
        workerId: config.workerId,
        isRunning: running,
        isDraining: stopping !== null,
        uptimeMs: running ? Math.round(performance.now() - startedAt) : 0,
        activeJobs: session?.pool.active.size ?? 0,
        concurrency: config.concurrency,
        ...counters,
      };
    },
  };
}
