import { StageflowError } from "@stageflow/core";

/** `dispatch` of an idempotent command whose key another dispatcher holds right now. Retry later. */
export class IdempotencyInProgressError extends StageflowError<"IDEMPOTENCY_IN_PROGRESS"> {
  readonly idempotencyKey: string;
  readonly commandType: string;

  constructor(idempotencyKey: string, commandType: string) {
    super(
      `Command "${commandType}" with idempotency key "${idempotencyKey}" is already in progress; retry with backoff.`,
      {
        code: "IDEMPOTENCY_IN_PROGRESS",
        retryable: true,
        details: { idempotencyKey, commandType },
      },
    );
    this.name = "IdempotencyInProgressError";
    this.idempotencyKey = idempotencyKey;
    this.commandType = commandType;
  }
}

/** An update expected a version that is no longer current: someone else changed the record first. */
export class StaleVersionError extends StageflowError<"STALE_VERSION"> {
  readonly entity: "run" | "stage";
  readonly id: string;
  readonly expectedVersion: number;
  readonly actualVersion: number;

  constructor(entity: "run" | "stage", id: string, expectedVersion: number, actualVersion: number) {
    super(
      `The ${entity} "${id}" is at version ${actualVersion}, not the expected ${expectedVersion}; it was changed concurrently.`,
      {
        code: "STALE_VERSION",
        retryable: true,
        details: { entity, id, expectedVersion, actualVersion },
      },
    );
    this.name = "StaleVersionError";
    this.entity = entity;
    this.id = id;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}

/** `run.create` (or a job) named a workflow id the registry does not know. */
export class WorkflowNotFoundError extends StageflowError<"WORKFLOW_NOT_FOUND"> {
  readonly workflowId: string;

  constructor(workflowId: string) {
    super(`No workflow "${workflowId}" is registered with this kernel.`, {
      code: "WORKFLOW_NOT_FOUND",
      details: { workflowId },
    });
    this.name = "WorkflowNotFoundError";
    this.workflowId = workflowId;
  }
}

/** A command named a run id that does not exist. */
export class RunNotFoundError extends StageflowError<"RUN_NOT_FOUND"> {
  readonly workflowRunId: string;

  constructor(workflowRunId: string) {
    super(`No workflow run "${workflowRunId}" exists.`, {
      code: "RUN_NOT_FOUND",
      details: { workflowRunId },
    });
    this.name = "RunNotFoundError";
    this.workflowRunId = workflowRunId;
  }
}

/** An update named a stage record id that does not exist. */
export class StageNotFoundError extends StageflowError<"STAGE_NOT_FOUND"> {
  readonly stageRecordId: string;

  constructor(stageRecordId: string) {
    super(`No stage record "${stageRecordId}" exists.`, {
      code: "STAGE_NOT_FOUND",
      details: { stageRecordId },
    });
    this.name = "StageNotFoundError";
    this.stageRecordId = stageRecordId;
  }
}

/** A value to be stored as JSON contains something JSON cannot represent. Nothing was written. */
export class NotJsonSerializableError extends StageflowError<"NOT_JSON_SERIALIZABLE"> {
  /** Where in the value the problem is, e.g. `output.items[3].size`. */
  readonly path: string;

  constructor(path: string, problem: string) {
    super(`Cannot store ${path} as JSON: ${problem}.`, {
      code: "NOT_JSON_SERIALIZABLE",
      details: { path, problem },
    });
    this.name = "NotJsonSerializableError";
    this.path = path;
  }
}
