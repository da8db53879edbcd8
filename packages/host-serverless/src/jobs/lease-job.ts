import type { JobRecord, JobTransport } from "@stageflow/kernel";

/**
 * An optional extension of `JobTransport` for queue-push platforms: lease one PENDING, due job by
 * id (as `dequeue` does, but for that job only); resolves with `null` when the job is not PENDING
 * or not due. Transports without it make `handleJob` lease the next due job instead.
 */
export interface JobClaimById {
  /** Leases job `jobId` for `workerId` if it is PENDING and due; `null` otherwise. */
  claim(options: { workerId: string; jobId: string; now: Date }): Promise<JobRecord | null>;
}

/** True when `transport` offers {@link JobClaimById}. */
export function canClaimById(transport: JobTransport): transport is JobTransport & JobClaimById {
  return typeof (transport as Partial<JobClaimById>).claim === "function";
}

/**
 * Leases the job of a message for `workerId`: that very job when the transport can claim by id,
 * else the next due job (the message then acts as a wake-up). Resolves with `null` when nothing
 * could be leased.
 */
export async function leaseJob(
  transport: JobTransport,
  options: { workerId: string; jobId: string; now: Date },
): Promise<JobRecord | null> {
  if (canClaimById(transport)) return transport.claim(options);
  const [job] = await transport.dequeue({ workerId: options.workerId, limit: 1, now: options.now });
  return job ?? null;
}
