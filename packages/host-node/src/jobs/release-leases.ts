import type { Clock, JobTransport } from "@stageflow/kernel";
import type { HostLogger } from "../loop/host-logger";
import { computeRetryDelay, type RetryBackoff } from "../loop/retry-delay";
import { sleep } from "../loop/sleep";

/** What {@link releaseLeases} needs. */
export interface ReleaseLeasesContext {
  readonly transport: JobTransport;
  readonly workerId: string;
  readonly clock: Clock;
  readonly logger: HostLogger;
  readonly backoff: RetryBackoff;
}

/** Attempts made to release leases on shutdown before leaving them to `lease.reapStale`. */
const RELEASE_ATTEMPTS = 3;

/**
 * Returns the leases of `jobIds` to the queue (graceful shutdown), retrying a failed release a few
 * times with backoff. Never rejects: leases it cannot release are reaped once stale.
 */
export async function releaseLeases(
  context: ReleaseLeasesContext,
  jobIds: readonly string[],
): Promise<void> {
  if (jobIds.length === 0) return;
  for (let attempt = 1; attempt <= RELEASE_ATTEMPTS; attempt += 1) {
    try {
      const released = await context.transport.release({
        workerId: context.workerId,
        jobIds,
        now: context.clock.now(),
      });
      context.logger.info({ jobIds, released }, "released the leases of unfinished jobs");
      return;
    } catch (error) {
      const last = attempt === RELEASE_ATTEMPTS;
      context.logger[last ? "error" : "warn"](
        { err: error, jobIds, attempt },
        last
          ? "could not release job leases; lease.reapStale will return them once stale"
          : "releasing job leases failed; retrying",
      );
      if (!last) await sleep(computeRetryDelay(attempt, context.backoff));
    }
  }
}
