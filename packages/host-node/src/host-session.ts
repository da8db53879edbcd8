import type { JobTransport, Kernel, WorkerIdentity } from "@stageflow/kernel";
import { createJobPool, type DrainResult, type JobPool } from "./jobs/job-pool";
import { createHeartbeatStep } from "./jobs/lease-heartbeat";
import { createCoalescedKick } from "./loop/coalesced-kick";
import { createLoop, type Loop, type LoopStepResult } from "./loop/create-loop";
import { createDueTimer } from "./loop/due-timer";
import { settleWithin } from "./loop/settle-within";
import type { NodeHostOptions } from "./node-host-options";
import { createDueTimeWatch } from "./orchestration/due-time-watch";
import {
  claimPendingRuns,
  flushOutbox,
  type MaintenanceSettings,
} from "./orchestration/maintenance-steps";
import { createOrchestrationTick, type HostNudges } from "./orchestration/orchestration-tick";
import type { ResolvedNodeHostOptions } from "./resolve-node-host-options";
import { createRetentionStep } from "./retention/retention-step";
import { createScheduleLoop } from "./schedules/schedule-loop";
import type { HostCounters } from "./stats/node-host-stats";
import { type ChannelWakeupTransport, channelWakeups } from "./wakeups/channel-wakeups";
import { subscribeWithRetry, type WakeupSubscription } from "./wakeups/subscribe-with-retry";
import type { WakeupSource } from "./wakeups/wakeup-source";

/** The longest `start()` waits for wake-up subscriptions, and `stop()` for each database clean-up. */
const CLEANUP_MS = 5_000;

/**
 * While jobs run, outbox flushes are coalesced: the events of the jobs finishing within this many
 * milliseconds are published by one flush (an idle host flushes at once).
 */
export const OUTBOX_COALESCE_MS = 10;

/** What one `start()` … `stop()` of a Node host runs. */
export interface HostSession {
  readonly pool: JobPool;
  /** Settles once every wake-up source was tried once (or after 5 s). */
  readonly ready: Promise<void>;
  /**
   * Resolves once the declared schedules were synced (or their sync failed for a reason worth
   * retrying) and the schedule loop started; rejects with the typed error of a refused definition.
   */
  readonly schedulesReady: Promise<void>;
  /** Claims, dequeues and flushes at once. */
  wake(): void;
  /** Stops every loop, drains running jobs, releases what is left, flushes once more. */
  stop(force: AbortSignal): Promise<DrainResult>;
}

/** What {@link startHostSession} needs. */
export interface HostSessionContext {
  readonly kernel: Kernel;
  readonly transport: JobTransport;
  readonly config: ResolvedNodeHostOptions;
  readonly counters: HostCounters;
  readonly wakeups: NodeHostOptions["wakeups"];
}

/**
 * The `runs` / `outbox` wake-ups of a session: the given ones; else, when the transport offers
 * wake-up channels (`capabilities.supportsWakeupChannels`), its `runs` and `outbox` channels;
 * none with `wakeups: false`.
 */
export function resolveWakeups(
  transport: JobTransport,
  wakeups: NodeHostOptions["wakeups"],
): Exclude<NodeHostOptions["wakeups"], false> {
  if (wakeups === false) return undefined;
  if (wakeups !== undefined) return wakeups;
  if (transport.capabilities.supportsWakeupChannels !== true || !transport.subscribe) {
    return undefined;
  }
  return channelWakeups(transport as JobTransport & ChannelWakeupTransport);
}

/**
 * Starts the loops of a Node host: jobs, heartbeats, claims, outbox flushes, the tick, the
 * due-time watch that wakes the host when the earliest retry, delayed job or suspended poll is due,
 * retention when configured (all after the predecessor's leases are reclaimed), and (after the
 * declared schedules are synced) the schedule loop.
 */
export function startHostSession(context: HostSessionContext): HostSession {
  const { kernel, transport, config, counters } = context;
  const { logger, backoff } = config;
  const settings: MaintenanceSettings = config;
  const onFailure = (): void => {
    counters.errors += 1;
  };
  const loop = (name: string, intervalMs: number | null, step: () => Promise<LoopStepResult>) =>
    createLoop({ name, intervalMs, step, backoff, logger, onFailure });

  const jobWakeups = transport.capabilities.supportsWakeups && transport.subscribe !== undefined;
  const nudge: HostNudges = {
    claims: () => claimLoop.kick(),
    jobs: () => {
      pool.noteWork();
      jobLoop.kick();
    },
    outbox: () => flushKick.request(),
  };

  const pool = createJobPool({
    ...config,
    kernel,
    transport,
    counters,
    dispatchErrors: { count: 0 },
    onJobSettled: (_job, result) => {
      // Without wake-ups, a finished job is the best hint that its successors were queued.
      if (pool.mayHaveMore || !jobWakeups) jobLoop.kick();
      flushKick.request();
      // A suspension or a scheduled retry made something due later: sleep until then.
      if (result?.outcome === "suspended" || result?.willRetry === true) dueLoop.kick();
      // A suspension may have handed requests to the AI batch collector: let it say when it is due.
      if (result?.outcome === "suspended" && aiBatching) aiBatchDue.at(config.clock.now());
    },
  });
  const jobLoop = loop("job loop", config.jobPollIntervalMs, () => pool.fill());
  const heartbeatLoop = createLoop({
    name: "lease heartbeat",
    intervalMs: config.heartbeatIntervalMs,
    step: createHeartbeatStep({ ...config, pool, transport, counters }),
    backoff: {
      initialMs: Math.min(backoff.initialMs, config.heartbeatIntervalMs),
      maxMs: config.heartbeatIntervalMs,
    },
    logger,
    onFailure,
  });
  const claimLoop = loop("run claim", null, async () => {
    // The claim starts first-group jobs in this host's free slots, in its own transaction: their
    // bodies run right after the commit, without a dequeue or a start transaction.
    const slots = pool.reserve(config.concurrency);
    let result: Awaited<ReturnType<typeof claimPendingRuns>>;
    try {
      result = await claimPendingRuns(kernel, settings, slots);
    } catch (error) {
      await pool.adopt([], slots);
      throw error;
    }
    await pool.adopt(result.started, slots);
    const claimed = result.claimed.length;
    counters.runsClaimed += claimed;
    counters.jobsStartedByClaim += result.started.length;
    const queued = result.claimed.reduce((sum, run) => sum + run.jobIds.length, 0);
    if (queued > result.started.length) nudge.jobs();
    if (claimed > 0) nudge.outbox();
    return claimed >= settings.maxClaimsPerTick ? "again" : "idle";
  });
  // A failed delivery is retried at its due time, and a dead flusher's claims are taken when
  // they expire: the flush says when, and this timer kicks the flush loop then.
  const flushDue = createDueTimer(() => flushLoop.kick(), config.clock);
  const flushKick = createCoalescedKick({
    kick: () => flushLoop.kick(),
    busy: () => pool.active.size > 0,
    windowMs: OUTBOX_COALESCE_MS,
  });
  const flushLoop = loop("outbox flush", null, async () => {
    const { published, nextFlushAt } = await flushOutbox(kernel, settings);
    counters.eventsPublished += published;
    if (nextFlushAt) flushDue.at(nextFlushAt);
    return published >= settings.maxOutboxFlushPerTick ? "again" : "idle";
  });
  // The AI batch collector says when its next submission or batch check is due: tick then.
  let aiBatching = true;
  const aiBatchDue = createDueTimer(() => {
    counters.dueWakeups += 1;
    tickLoop.kick();
  }, config.clock);
  const tickStep = createOrchestrationTick({
    kernel,
    settings,
    nudge,
    counters,
    logger,
    onAIBatchFlushed: ({ configured, nextDueAt }) => {
      aiBatching = configured;
      if (nextDueAt) aiBatchDue.at(nextDueAt);
    },
  });
  const tickLoop = loop("orchestration tick", config.orchestrationIntervalMs, async () => {
    dueWatch.markPolled();
    try {
      return await tickStep();
    } finally {
      // Polls moved nextPollAt, reaps released jobs: look for the next due time again.
      dueLoop.kick();
    }
  });
  const dueWatch = createDueTimeWatch({
    transport,
    clock: config.clock,
    maxSleepMs: config.orchestrationIntervalMs,
    onDue: () => {
      counters.dueWakeups += 1;
      tickLoop.kick();
      nudge.jobs();
    },
  });
  const dueLoop = loop("due-time watch", null, dueWatch.step);
  const wakeups = resolveWakeups(transport, context.wakeups);

  const schedules = createScheduleLoop({
    kernel,
    clock: config.clock,
    schedules: config.schedules,
    intervalMs: config.orchestrationIntervalMs,
    maxSchedulesPerTick: config.maxSchedulesPerTick,
    counters,
    backoff,
    logger,
    onFailure,
  });
  let stopping = false;
  const schedulesReady = schedules.sync().then(() => {
    if (!stopping) schedules.loop.start();
  });
  // `start()` awaits it after the wake-up subscriptions; until then a rejection is not unhandled.
  schedulesReady.catch(() => {});

  const jobSource: WakeupSource | undefined = jobWakeups
    ? { subscribe: (listener) => transport.subscribe!(listener) }
    : undefined;
  const sources = [
    ["job wake-ups", jobSource, nudge.jobs],
    ["run wake-ups", wakeups?.runs, nudge.claims],
    ["outbox wake-ups", wakeups?.outbox, nudge.outbox],
  ] as const;
  const subscriptions: WakeupSubscription[] = sources.flatMap(([name, source, listener]) =>
    source ? [subscribeWithRetry({ name, source, listener, backoff, logger })] : [],
  );
  const retention = config.retention;
  const retentionLoop = retention
    ? loop("retention", retention.intervalMs, createRetentionStep(kernel, retention, counters))
    : undefined;
  const loops: Loop[] = [heartbeatLoop, jobLoop, claimLoop, flushLoop, tickLoop, dueLoop];
  if (retentionLoop) loops.push(retentionLoop);
  // The predecessor's leases are reclaimed before any loop runs: started first, a loop could
  // take a job under this id that the reclaim would then hand out again while it runs.
  const identity = config.reclaimOwnLeases
    ? claimOwnLeases(transport, config, () => nudge.jobs())
    : Promise.resolve(null);
  const loopsStarted = identity.then(() => {
    if (!stopping) for (const each of loops) each.start();
  });

  return {
    pool,
    ready: settleWithin(
      Promise.all([...subscriptions.map((each) => each.firstAttempt), loopsStarted]),
      CLEANUP_MS,
    ),
    schedulesReady,
    wake() {
      schedules.loop.kick();
      nudge.claims();
      nudge.jobs();
      nudge.outbox();
    },
    async stop(force) {
      stopping = true;
      schedules.clearTimer();
      await loopsStarted;
      const deadline = Date.now() + config.shutdownTimeoutMs;
      const left = (): number => Math.max(0, deadline - Date.now());
      await settleWithin(Promise.all(subscriptions.map((each) => each.stop())), CLEANUP_MS);
      // A step stuck on the database must not hold the drain (while heartbeats keep every lease
      // alive): the loops get what is left of the shutdown timeout, then draining goes on.
      const loopsStopped = Promise.all([
        tickLoop.stop(),
        claimLoop.stop(),
        jobLoop.stop(),
        retentionLoop?.stop(),
        schedules.loop.stop(),
        dueLoop.stop().then(() => dueWatch.clear()),
      ]);
      await settleWithin(loopsStopped, left(), force);
      schedules.clearTimer();
      const drained = await pool.drain(left(), force);
      await heartbeatLoop.stop();
      flushDue.stop();
      flushKick.stop();
      aiBatchDue.stop();
      await flushLoop.stop();
      await settleWithin(flushOnce(kernel, settings, counters, logger), CLEANUP_MS);
      await settleWithin(
        identity.then((held) => held?.release()),
        CLEANUP_MS,
      );
      return drained;
    },
  };
}

async function flushOnce(
  kernel: Kernel,
  settings: MaintenanceSettings,
  counters: HostCounters,
  logger: ResolvedNodeHostOptions["logger"],
): Promise<void> {
  try {
    counters.eventsPublished += (await flushOutbox(kernel, settings)).published;
  } catch (error) {
    logger.warn({ err: error }, "final outbox flush failed; another host will publish the events");
  }
}

/**
 * Takes the host's worker id and returns its predecessor's RUNNING jobs to the queue (see
 * `reclaimOwnLeases`); resolves with the identity to release on stop, or `null`. Never rejects.
 */
async function claimOwnLeases(
  transport: JobTransport,
  config: ResolvedNodeHostOptions,
  onReleased: () => void,
): Promise<WorkerIdentity | null> {
  if (transport.claimWorkerIdentity === undefined) return null;
  const { logger, workerId } = config;
  try {
    const identity = await transport.claimWorkerIdentity({ workerId, now: config.clock.now() });
    if (identity === null) {
      logger.warn(
        { workerId },
        "another live process uses this workerId; its leases are left alone (give each process its own id)",
      );
      return null;
    }
    if (identity.released > 0) {
      logger.info({ released: identity.released }, "resuming jobs a previous process left running");
      onReleased();
    }
    return identity;
  } catch (error) {
    logger.warn({ err: error }, "could not reclaim this worker's leases; they expire as usual");
    return null;
  }
}
