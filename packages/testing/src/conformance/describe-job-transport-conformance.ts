import { describe } from "vitest";
import {
  type ConformanceSetup,
  type JobTransportConformanceContext,
  useConformanceContext,
} from "./conformance-context";
import { jobTransportClaimTests } from "./job-transport-claim";
import { jobTransportDequeueTests } from "./job-transport-dequeue";
import { jobTransportLeaseTests } from "./job-transport-leases";
import { jobTransportNextDueTests } from "./job-transport-next-due";
import { jobTransportVisibilityTests } from "./job-transport-visibility";

/**
 * Registers the `JobTransport` conformance suite (vitest): dequeue order and exclusivity,
 * `availableAt`, `claim` of one job by id (only PENDING and due; exclusive against concurrent
 * claims and dequeues), lease checks on completion, reschedule, cancel, heartbeat, release,
 * stale-lease reaping, visibility only after commit, wake-ups (when `supportsWakeups`) and
 * `nextDueAt` (when present). The
 * transport must serve the jobs of the returned `persistence`; `setup` runs before each test.
 *
 * @example
 * ```ts
 * describeJobTransportConformance("in-memory", async () => {
 *   const persistence = new InMemoryPersistence();
 *   return { persistence, jobTransport: new InMemoryJobTransport(persistence) };
 * });
 * ```
 */
export function describeJobTransportConformance(
  name: string,
  setup: ConformanceSetup<JobTransportConformanceContext>,
): void {
  describe(`JobTransport conformance: ${name}`, () => {
    const ctx = useConformanceContext(setup, (context) => {
      if (!context.persistence || !context.jobTransport) {
        throw new Error(
          `Conformance setup of "${name}" must return both persistence and jobTransport.`,
        );
      }
    });
    jobTransportDequeueTests(ctx);
    jobTransportClaimTests(ctx);
    jobTransportLeaseTests(ctx);
    jobTransportVisibilityTests(ctx);
    jobTransportNextDueTests(ctx);
  });
}
