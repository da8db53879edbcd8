import { StageflowError } from "@stageflow/core";

/** The `Stageflow` instance was closed: it creates no runs and stops waiting for results. */
export class StageflowClosedError extends StageflowError<"STAGEFLOW_CLOSED"> {
  /** @param action - what was attempted, e.g. `run()`. */
  constructor(action: string) {
    super(`Cannot ${action}: this Stageflow instance was closed (sf.close()).`, {
      code: "STAGEFLOW_CLOSED",
    });
    this.name = "StageflowClosedError";
  }
}
