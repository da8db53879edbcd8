/**
 * Optional deferred triggers. Hosts poll for due work on their own; a scheduler lets platforms with
 * delayed-delivery queues wake up exactly when something becomes due (a retry's backoff, a
 * suspended stage's next poll). The kernel calls it after the transaction that made the work due.
 */
export interface Scheduler {
  /** Asks for `type` (a command type) with `payload` to be dispatched at `runAt`. */
  schedule(type: string, payload: Record<string, unknown>, runAt: Date): Promise<void>;
  /** Cancels triggers of `type` for `correlationId` (a run id). */
  cancel(type: string, correlationId: string): Promise<void>;
}
