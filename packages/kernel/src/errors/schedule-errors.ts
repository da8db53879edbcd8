import { StageflowError } from "@stageflow/core";

/** A schedule's cron expression cannot be parsed, or never matches a time. Nothing was written. */
export class InvalidCronError extends StageflowError<"INVALID_CRON"> {
  /** The expression that was refused. */
  readonly cron: string;

  /**
   * @param cron - the refused expression.
   * @param reason - what is wrong with it.
   * @param cause - the parser's error, when there is one.
   */
  constructor(cron: string, reason: string, cause?: unknown) {
    super(`Invalid cron expression "${cron}": ${reason}`, {
      code: "INVALID_CRON",
      details: { cron, reason },
      ...(cause === undefined ? {} : { cause }),
    });
    this.name = "InvalidCronError";
    this.cron = cron;
  }
}

/** A schedule named a time zone that is not an IANA time zone of this runtime. Nothing was written. */
export class UnknownTimezoneError extends StageflowError<"UNKNOWN_TIMEZONE"> {
  /** The refused time zone. */
  readonly timezone: string;

  /**
   * @param timezone - the refused name.
   * @param cause - the runtime's error.
   */
  constructor(timezone: string, cause?: unknown) {
    super(
      `Unknown time zone "${timezone}": use an IANA name such as "UTC", "Europe/Berlin" or "America/New_York".`,
      {
        code: "UNKNOWN_TIMEZONE",
        details: { timezone },
        ...(cause === undefined ? {} : { cause }),
      },
    );
    this.name = "UnknownTimezoneError";
    this.timezone = timezone;
  }
}

/** A command named a schedule id that does not exist. */
export class ScheduleNotFoundError extends StageflowError<"SCHEDULE_NOT_FOUND"> {
  /** The unknown schedule id. */
  readonly scheduleId: string;

  /** @param scheduleId - the id that was named. */
  constructor(scheduleId: string) {
    super(`No schedule "${scheduleId}" exists.`, {
      code: "SCHEDULE_NOT_FOUND",
      details: { scheduleId },
    });
    this.name = "ScheduleNotFoundError";
    this.scheduleId = scheduleId;
  }
}
