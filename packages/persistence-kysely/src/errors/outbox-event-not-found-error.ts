import { StageflowError } from "@stageflow/core";

/** `recordOutboxFailure` named an outbox event that does not exist. */
export class OutboxEventNotFoundError extends StageflowError<"OUTBOX_EVENT_NOT_FOUND"> {
  readonly eventId: string;

  /** @param eventId - the unknown event id. */
  constructor(eventId: string) {
    super(`No outbox event "${eventId}" exists.`, {
      code: "OUTBOX_EVENT_NOT_FOUND",
      details: { eventId },
    });
    this.name = "OutboxEventNotFoundError";
    this.eventId = eventId;
  }
}
