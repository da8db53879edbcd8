import { StageflowError } from "@stageflow/core";

/**
 * A host option is missing or out of range. Every host (`createNodeHost`, `createServerlessHost`)
 * throws it before doing anything, so one `instanceof` check covers both.
 */
export class InvalidHostOptionsError extends StageflowError<"INVALID_HOST_OPTIONS"> {
  /** The offending option. */
  readonly option: string;

  /**
   * @param option - the option's name.
   * @param problem - what is wrong with it.
   */
  constructor(option: string, problem: string) {
    super(`Invalid host option "${option}": ${problem}.`, {
      code: "INVALID_HOST_OPTIONS",
      details: { option, problem },
    });
    this.name = "InvalidHostOptionsError";
    this.option = option;
  }
}
