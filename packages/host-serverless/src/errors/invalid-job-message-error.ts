import { StageflowError } from "@stageflow/kernel";

/** `handleJob` received a message without the ids a job needs. Retrying it cannot help. */
export class InvalidJobMessageError extends StageflowError<"INVALID_JOB_MESSAGE"> {
  /** The missing or malformed field. */
  readonly field: string;

  /**
   * @param field - the field.
   * @param problem - what is wrong with it.
   */
  constructor(field: string, problem: string) {
    super(`Invalid job message: "${field}" ${problem}.`, {
      code: "INVALID_JOB_MESSAGE",
      details: { field, problem },
    });
    this.name = "InvalidJobMessageError";
    this.field = field;
  }
}
