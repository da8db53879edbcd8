/** The process exit codes of `stageflow`: 0 ok, 1 error, 2 usage, 3 not found. */
export const ExitCode = { ok: 0, error: 1, usage: 2, notFound: 3 } as const;

/** One of {@link ExitCode}'s values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error the CLI reports as one line on stderr and turns into an exit code. `code` follows the
 * engine's convention of string codes (`CLI_USAGE`, `CLI_NOT_FOUND`, …).
 */
export class CliError extends Error {
  override readonly name = "CliError";
  /** A stable string code. */
  readonly code: string;
  /** The exit code of the process. */
  readonly exitCode: ExitCodeValue;

  /**
   * @param code - a stable string code.
   * @param message - what went wrong, in one sentence.
   * @param exitCode - the process's exit code; 1 unless said otherwise.
   * @param options - the cause, if any.
   */
  constructor(
    code: string,
    message: string,
    exitCode: ExitCodeValue = ExitCode.error,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** A flag or argument that cannot be used: exit code 2. */
export function usageError(message: string): CliError {
  return new CliError("CLI_USAGE", message, ExitCode.usage);
}

/** A run, stage or event that does not exist: exit code 3. */
export function notFoundError(message: string): CliError {
  return new CliError("CLI_NOT_FOUND", message, ExitCode.notFound);
}
