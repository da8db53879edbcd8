import type { BatchedRequestOutcome } from "../batching/batched-outcome";
import type { LogFunction } from "./log";
import type { StageClock } from "./stage-clock";
import type { StageStorage } from "./stage-storage";
import type { StageTelemetry } from "./stage-telemetry";
import type { UsageRecorder } from "./usage-recorder";

/** What `checkCompletion` of an async-batch stage receives besides the suspended state. */
export interface CheckCompletionContext<TConfig> {
  /** Id of the run. */
  readonly workflowRunId: string;
  /** Id of the stage in the workflow. */
  readonly stageId: string;
  /** Id of the stage's record in the run. */
  readonly stageRecordId: string;
  /** The stage config, parsed by its config schema. */
  readonly config: TConfig;
  /** Writes a log line attributed to the stage. */
  readonly log: LogFunction;
  /** The same function as {@link CheckCompletionContext.log}, under the reference documents' name. */
  readonly onLog: LogFunction;
  /** The kernel's clock (a `FakeClock` in tests); use it instead of `Date.now()`. */
  readonly clock: StageClock;
  /** Artifact storage scoped to the stage of this run. */
  readonly storage: StageStorage;
  /** Records AI usage (e.g. the batch's tokens and cost). */
  readonly usage: UsageRecorder;
  /** Aborted when the run is cancelled or the poll's lease is lost. */
  readonly signal: AbortSignal;
  /** Telemetry for the clients the check calls (see `StageContext.telemetry`). */
  readonly telemetry?: StageTelemetry | undefined;
  /**
   * The cross-run batched requests of this attempt by key, with their results once their provider
   * batch ended (stages of `defineBatchedStage`; the kernel fills it in). Undefined otherwise.
   */
  readonly batchedRequests?: Readonly<Record<string, BatchedRequestOutcome>> | undefined;
}
