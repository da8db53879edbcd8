import { StageflowError } from "@stageflow/kernel";

/** `runAndWait` gave up: the run had not finished within `timeoutMs`. It keeps running. */
export class RunWaitTimeoutError extends StageflowError<"RUN_WAIT_TIMEOUT"> {
  /** The run being waited for. */
  readonly workflowRunId: string;
  /** Its status when the wait ended. */
  readonly lastStatus: string | null;

  /**
   * @param workflowRunId - the run.
   * @param timeoutMs - how long `runAndWait` waited.
   * @param lastStatus - the run's status at the time, when known.
   */
  constructor(workflowRunId: string, timeoutMs: number, lastStatus: string | null) {
    super(
      `Run "${workflowRunId}" did not finish within ${timeoutMs} ms (status ${lastStatus ?? "unknown"}); ` +
        "it keeps running. Is a host started for its workflow?",
      {
        code: "RUN_WAIT_TIMEOUT",
        retryable: true,
        details: { workflowRunId, timeoutMs, lastStatus },
      },
    );
    this.name = "RunWaitTimeoutError";
    this.workflowRunId = workflowRunId;
    this.lastStatus = lastStatus;
  }
}
