/**
 * `aiBatch.flush`: the cross-run batch collector. Submits one provider batch per provider and
 * model whose pending requests reached `maxRequests` or whose oldest waited `maxDelayMs`, checks
 * due provider batches (one status request per batch), records the results of ended batches and
 * wakes the stages they complete, and cancels at the provider a batch whose every request was
 * cancelled. Hosts dispatch it on their orchestration tick.
 */
export interface AIBatchFlushCommand {
  type: "aiBatch.flush";
  /** Identifies the collector's claims. */
  workerId: string;
  /** Provider batches to submit in this call at most. Default 10. */
  maxSubmissions?: number;
  /** Provider batches to check in this call at most. Default 10. */
  maxPolls?: number;
}

/** What one `aiBatch.flush` did. */
export interface AIBatchFlushResult {
  /** False when the kernel has no `aiBatching` port or the persistence no `aiBatches` store. */
  configured: boolean;
  /** Provider batches submitted. */
  submitted: number;
  /** Requests in those batches. */
  requestsSubmitted: number;
  /** Provider batches whose status was checked. */
  polled: number;
  /** Provider batches that ended and whose results were recorded. */
  ended: number;
  /** Stages made due for resumption (`stage.pollSuspended` resumes them). */
  stagesWoken: number;
  /** Provider batches cancelled because every request was cancelled. */
  cancelled: number;
  /** SUBMITTING batches of dead collectors whose requests went back to pending. */
  abandoned: number;
  /**
   * When the collector should run again: the earliest of the next due submission (oldest
   * pending request plus its `maxDelayMs`) and the next batch check. Null when nothing waits.
   */
  nextDueAt: Date | null;
}
