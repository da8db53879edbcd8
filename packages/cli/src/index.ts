/**
 * `@stageflow/cli` — the `stageflow` command line. Most users run the binary:
 *
 * @example
 * ```sh
 * stageflow --database sqlite:.stageflow/app.db runs list --status FAILED --since 1h
 * stageflow runs show <runId> --follow
 * ```
 *
 * The same program can be run in process (tests, wrappers) with {@link runCli}.
 *
 * @packageDocumentation
 */

export { CliError, ExitCode, type ExitCodeValue } from "./errors/cli-error";
export type { CliIO } from "./output/cli-io";
export type { OutputFormat } from "./output/output-format";
export { runCli } from "./run-cli";
