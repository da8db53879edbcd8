/** Where a command writes: data to `stdout`, progress and messages to `stderr`. */
export interface CliIO {
  /** Data: tables, JSON, JSON lines. */
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  /** Messages, warnings, progress. */
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
}

/** The process's own streams. */
export const processIO: CliIO = { stdout: process.stdout, stderr: process.stderr };
