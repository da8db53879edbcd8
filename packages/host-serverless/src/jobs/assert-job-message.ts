import { InvalidJobMessageError } from "../errors/invalid-job-message-error";
import type { JobMessage } from "./job-message";

const ID_FIELDS = ["jobId", "workflowRunId", "workflowId", "stageId"] as const;

/**
 * Checks that `message` carries the ids `job.execute` needs.
 *
 * @throws {@link InvalidJobMessageError} naming the first missing or empty id.
 */
export function assertJobMessage(message: unknown): asserts message is JobMessage {
  if (typeof message !== "object" || message === null) {
    throw new InvalidJobMessageError("message", "must be an object");
  }
  for (const field of ID_FIELDS) {
    const value = (message as Record<string, unknown>)[field];
    if (typeof value !== "string" || value === "") {
      throw new InvalidJobMessageError(field, "must be a non-empty string");
    }
  }
}
