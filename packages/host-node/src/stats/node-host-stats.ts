/** A snapshot of a Node host's counters, from `host.getStats()`. */
export interface NodeHostStats {
  /** The worker id leases and claims are taken under. */
  readonly workerId: string;
  /** True between `start()` and the end of `stop()`. */
  readonly isRunning: boolean;
  /** True while `stop()` drains running jobs. */
  readonly isDraining: boolean;
  /** Milliseconds since `start()` (0 when not running). */
  readonly uptimeMs: number;
  /** Jobs currently executing. */
  readonly activeJobs: number;
  /** The most jobs this host runs at once. */
  readonly concurrency: number;
  /** `job.execute` dispatches that settled, whatever their outcome. */
  readonly jobsProcessed: number;
  /** Jobs whose stage completed. */
  readonly jobsSucceeded: number;
  /** Jobs whose stage suspended (async batch). */
  readonly jobsSuspended: number;
  /** Jobs whose attempt failed (including ones scheduled for a retry) or whose dispatch threw. */
  readonly jobsFailed: number;
  /** Jobs the kernel skipped (run no longer running, job cancelled, lease lost). */
  readonly jobsSkipped: number;
  /** Running jobs aborted because their lease was lost (cancelled run, reaped lease). */
  readonly leasesLost: number;
  /** Orchestration ticks run (successful or not). */
  readonly orchestrationTicks: number;
  /** Times the host woke because the earliest known due time (retry, delayed job, poll) arrived. */
  readonly dueWakeups: number;
  /** Pending runs this host claimed. */
  readonly runsClaimed: number;
  /**
   * First-group jobs this host's claims started directly in its free slots (counted in
   * `jobsProcessed` too once they settle); the others of those groups were queued.
   */
  readonly jobsStartedByClaim: number;
  /** Outbox events this host published. */
  readonly eventsPublished: number;
  /** Finished runs this host's retention deleted (`retention` option). */
  readonly runsPurged: number;
  /** Schedule ticks whose run this host's `schedule.tick` created. */
  readonly schedulesFired: number;
  /** Schedule ticks this host's `schedule.tick` skipped (overlap, missed, invalid input). */
  readonly scheduleTicksSkipped: number;
  /** Loop steps that failed (database outage, kernel error) since start. */
  readonly errors: number;
}

/** The mutable counters behind {@link NodeHostStats}. */
export interface HostCounters {
  jobsProcessed: number;
  jobsSucceeded: number;
  jobsSuspended: number;
  jobsFailed: number;
  jobsSkipped: number;
  leasesLost: number;
  orchestrationTicks: number;
  dueWakeups: number;
  runsClaimed: number;
  jobsStartedByClaim: number;
  eventsPublished: number;
  runsPurged: number;
  schedulesFired: number;
  scheduleTicksSkipped: number;
  errors: number;
}

/** Fresh counters, all zero. */
export function createHostCounters(): HostCounters {
  return {
    jobsProcessed: 0,
    jobsSucceeded: 0,
    jobsSuspended: 0,
    jobsFailed: 0,
    jobsSkipped: 0,
    leasesLost: 0,
    orchestrationTicks: 0,
    dueWakeups: 0,
    runsClaimed: 0,
    jobsStartedByClaim: 0,
    eventsPublished: 0,
    runsPurged: 0,
    schedulesFired: 0,
    scheduleTicksSkipped: 0,
    errors: 0,
  };
}
