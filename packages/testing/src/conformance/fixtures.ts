import { isStageflowError } from "@stageflow/core";
import type {
  CreateRunInput,
  CreateStageInput,
  NewJob,
  NewLogRecord,
  NewOutboxEvent,
  RunRecord,
} from "@stageflow/kernel";
import { expect } from "vitest";

/** The reference time of the suites (with milliseconds, to check their precision). */
export const T0: Date = new Date("2030-01-02T03:04:05.678Z");

/** `T0` plus `ms` milliseconds. */
export function at(ms: number): Date {
  return new Date(T0.getTime() + ms);
}

/** A string that breaks naive SQL quoting or string concatenation. */
export const HOSTILE_STRING = `it's "quoted" \\ back\`tick'; DROP TABLE runs; -- %_ 🚀`;

/** A `createRun` input with defaults. */
export function newRun(overrides: Partial<CreateRunInput> = {}): CreateRunInput {
  return {
    workflowId: "wf",
    input: { n: 1 },
    config: { a: { retries: 1 } },
    priority: 5,
    metadata: null,
    now: T0,
    ...overrides,
  };
}

/** A `createStages` input with defaults. */
export function newStage(
  workflowRunId: string,
  stageId: string,
  overrides: Partial<CreateStageInput> = {},
): CreateStageInput {
  return {
    workflowRunId,
    stageId,
    stageName: `Stage ${stageId}`,
    groupIndex: 1,
    now: T0,
    ...overrides,
  };
}

/** An `enqueueJobs` input with defaults, for `run`. */
export function newJob(
  run: Pick<RunRecord, "id" | "workflowId">,
  overrides: Partial<NewJob> = {},
): NewJob {
  return {
    workflowRunId: run.id,
    workflowId: run.workflowId,
    stageId: "a",
    priority: 5,
    attempt: 1,
    maxAttempts: 3,
    now: T0,
    ...overrides,
  };
}

/** An `appendOutboxEvents` input with defaults. */
export function newEvent(
  workflowRunId: string,
  type = "stage:progress",
  overrides: Partial<NewOutboxEvent> = {},
): NewOutboxEvent {
  return { workflowRunId, type, payload: { type, workflowRunId }, now: T0, ...overrides };
}

/** An `appendLogs` entry with defaults. */
export function newLog(
  workflowRunId: string,
  message: string,
  overrides: Partial<NewLogRecord> = {},
): NewLogRecord {
  return {
    workflowRunId,
    stageId: null,
    stageRecordId: null,
    level: "INFO",
    message,
    meta: null,
    createdAt: T0,
    ...overrides,
  };
}

/** The error `promise` rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  let resolved = false;
  const error = await promise.then(
    () => {
      resolved = true;
      return undefined;
    },
    (reason: unknown) => reason,
  );
  expect(resolved, "expected the promise to reject, but it resolved").toBe(false);
  return error;
}

/** Expects `promise` to reject with a `StageflowError` (from any copy of core) of `code`. */
export async function expectErrorCode(promise: Promise<unknown>, code: string): Promise<unknown> {
  const error = await rejectionOf(promise);
  expect(
    isStageflowError(error) ? error.code : error,
    `expected a StageflowError with code ${code}`,
  ).toBe(code);
  return error;
}

/** A promise with its resolve function exposed. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

/** Creates a `Deferred`. */
export function deferred<T = void>(): Deferred<T> {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Ids of `records`, in order. */
export function idsOf(records: readonly { id: string }[]): string[] {
  return records.map((record) => record.id);
}

/** A thrown error that tests use to force a rollback. */
export class RollbackSignal extends Error {
  constructor() {
    super("conformance: forced rollback");
    this.name = "RollbackSignal";
  }
}
