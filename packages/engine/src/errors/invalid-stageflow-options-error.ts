import { StageflowError } from "@stageflow/core";

/** `createStageflow` was given options it cannot use; nothing was opened or written. */
export class InvalidStageflowOptionsError extends StageflowError<"INVALID_STAGEFLOW_OPTIONS"> {
  /** The option at fault, e.g. `workflows`. */
  readonly option: string;

  /**
   * @param option - the option at fault.
   * @param message - what is wrong, said to the caller.
   */
  constructor(option: string, message: string) {
    super(`createStageflow: ${option} ${message}`, {
      code: "INVALID_STAGEFLOW_OPTIONS",
      details: { option },
    });
    this.name = "InvalidStageflowOptionsError";
    this.option = option;
  }
}
