import { StageflowError } from "@stageflow/core";

/**
 * A database URL `openDatabase` / `createStageflow` cannot open: neither `sqlite:PATH` nor
 * `postgres://…` (or `postgresql://…`). Nothing was opened or written.
 */
export class InvalidDatabaseUrlError extends StageflowError<"INVALID_DATABASE_URL"> {
  /**
   * @param url - the URL as given (credentials are not repeated in the message).
   * @param reason - what is wrong with it.
   */
  constructor(url: string, reason: string) {
    super(
      `Cannot open database "${redactUrl(url)}": ${reason}. ` +
        'Use "sqlite:PATH" (e.g. "sqlite:.stageflow/app.db", "sqlite::memory:") or "postgres://user@host:5432/db".',
      { code: "INVALID_DATABASE_URL", details: { url: redactUrl(url) } },
    );
    this.name = "InvalidDatabaseUrlError";
  }
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, "$1:***@");
}
