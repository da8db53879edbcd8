import { isStageflowError, type StageflowError } from "@stageflow/core";

/** Awaits `promise`, expecting it to reject with a `StageflowError`; returns the error. */
export async function expectStageflowError(promise: Promise<unknown>): Promise<StageflowError> {
  try {
    await promise;
  } catch (error) {
    if (isStageflowError(error)) return error;
    throw new Error(`expected a StageflowError, got ${String(error)}`);
  }
  throw new Error("expected the promise to reject");
}
