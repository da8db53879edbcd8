import { CommanderError } from "@commander-js/extra-typings";
import pc from "picocolors";
import { CliError, ExitCode } from "./errors/cli-error";
import { type CliIO, processIO } from "./output/cli-io";
import { createProgram } from "./program";
import { CLI_VERSION } from "./version";

/**
 * Runs `stageflow` with `argv` (as `process.argv`: node, script, then the arguments) and resolves
 * with the exit code: 0 ok, 1 error, 2 usage, 3 not found. Never throws.
 */
export async function runCli(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const program = createProgram(io, CLI_VERSION);
  try {
    await program.parseAsync([...argv]);
    return ExitCode.ok;
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIO): number {
  if (error instanceof CommanderError) {
    // Help and version print and exit 0; every other parser error is a usage error.
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version") {
      return ExitCode.ok;
    }
    if (error.code === "commander.help") return ExitCode.ok;
    return ExitCode.usage;
  }
  if (error instanceof CliError) {
    io.stderr.write(`${pc.red("error")} ${error.message}\n`);
    return error.exitCode;
  }
  const code =
    typeof (error as { code?: unknown })?.code === "string"
      ? (error as { code: string }).code
      : undefined;
  let message = error instanceof Error ? error.message : String(error);
  if (code === "WORKFLOW_NOT_FOUND") {
    // Creating or rerunning a run needs the workflow's definition: it comes from the config file.
    message +=
      " Commands that create or rerun runs need the workflow: pass --config with a stageflow.config.ts that lists it.";
    io.stderr.write(`${pc.red("error")} ${pc.dim(`[${code}]`)} ${message}\n`);
    return ExitCode.error;
  }
  io.stderr.write(`${pc.red("error")}${code ? ` ${pc.dim(`[${code}]`)}` : ""} ${message}\n`);
  if (code === "INVALID_COMMAND" || code === "VALIDATION_ERROR") return ExitCode.usage;
  if (code?.endsWith("NOT_FOUND")) return ExitCode.notFound;
  return ExitCode.error;
}
