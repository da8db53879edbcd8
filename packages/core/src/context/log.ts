/** Severity of a stage log line. */
export type LogLevel = "DEBUG" | "INFO" | "WARN" | "ERROR";

/** Every {@link LogLevel}, lowest severity first. */
export const LOG_LEVELS: readonly LogLevel[] = Object.freeze(["DEBUG", "INFO", "WARN", "ERROR"]);

/**
 * Writes one structured log line attributed to the current stage. Fire-and-forget: the
 * runtime records it asynchronously. Never log secrets.
 */
export type LogFunction = (
  level: LogLevel,
  message: string,
  meta?: Record<string, unknown>,
) => void;

/** A progress report from a running stage. */
export interface ProgressUpdate {
  /**
   * Completion as a fraction from 0 (nothing done) to 1 (done), as in
   * `progress: (index + 1) / items.length`. A value outside 0..1, or NaN, is rejected: the
   * kernel's `ctx.onProgress` throws `InvalidProgressError` (code `INVALID_PROGRESS`).
   */
  readonly progress: number;
  /** Short human-readable status. */
  readonly message: string;
  /** Optional structured detail. */
  readonly details?: Record<string, unknown>;
}

/** Receives {@link ProgressUpdate}s from a running stage. */
export type ProgressFunction = (update: ProgressUpdate) => void;
