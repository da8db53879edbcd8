import type { CreateRunInput, NewJob, NewOutboxEvent } from "@stageflow/kernel";

/** A fixed reference time. */
export const T0 = new Date("2030-01-02T03:04:05.678Z");

/** `T0` plus `ms`. */
export function at(ms: number): Date {
  return new Date(T0.getTime() + ms);
}

/** A `createRun` input. */
export function newRun(overrides: Partial<CreateRunInput> = {}): CreateRunInput {
  return {
    workflowId: "wf",
    input: { n: 1 },
    config: {},
    priority: 5,
    metadata: null,
    now: T0,
    ...overrides,
  };
}

/** An `enqueueJobs` input. */
export function newJob(workflowRunId: string, overrides: Partial<NewJob> = {}): NewJob {
  return {
    workflowRunId,
    workflowId: "wf",
    stageId: "a",
    priority: 5,
    attempt: 1,
    maxAttempts: 3,
    now: T0,
    ...overrides,
  };
}

/** An `appendOutboxEvents` input. */
export function newEvent(workflowRunId: string, type = "stage:progress"): NewOutboxEvent {
  return { workflowRunId, type, payload: { type }, now: T0 };
}
