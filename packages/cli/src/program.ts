import { Command, type CommandUnknownOpts, Option } from "@commander-js/extra-typings";
import { dashboardCommand } from "./commands/dashboard-command";
import { dbCommand } from "./commands/db-command";
import { dlqCommand } from "./commands/dlq-command";
import { eventsCommand } from "./commands/events-command";
import { runsCommand } from "./commands/runs-command";
import { schedulesCommand } from "./commands/schedules-command";
import { workerCommand } from "./commands/worker-command";
import type { CliIO } from "./output/cli-io";

/** The options every command shares (given before or after the command's name). */
export interface GlobalOptions {
  /** `sqlite:PATH`, `postgres://…`; else `STAGEFLOW_DATABASE_URL`, else the config file's. */
  database?: string;
  /** A config file other than `stageflow.config.ts` / `.js` in the working directory. */
  config?: string;
}

/**
 * The `stageflow` program: every command, its flags and its help. Commands write data to
 * `io.stdout` and messages to `io.stderr`, and throw `CliError` for the exit code.
 */
export function createProgram(io: CliIO, version: string) {
  const program = new Command()
    .name("stageflow")
    .description(
      "Operate Stageflow: inspect and act on runs, events, dead letters and the database; serve the dashboard.",
    )
    .version(version)
    .addOption(
      new Option("--database <url>", "database URL: sqlite:PATH or postgres://…").env(
        "STAGEFLOW_DATABASE_URL",
      ),
    )
    .option("--config <file>", "config file (default: stageflow.config.ts or .js in this folder)")
    .showHelpAfterError("(add --help for usage)")
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  $ stageflow --database sqlite:.stageflow/app.db runs list --status FAILED",
        "  $ STAGEFLOW_DATABASE_URL=postgres://localhost/app stageflow runs show <runId> --follow",
        "",
        "Exit codes: 0 ok, 1 error, 2 usage, 3 not found.",
      ].join("\n"),
    );
  const globals = (): GlobalOptions => program.opts();
  for (const command of [
    runsCommand,
    eventsCommand,
    dlqCommand,
    schedulesCommand,
    dbCommand,
    workerCommand,
    dashboardCommand,
  ]) {
    program.addCommand(command(io, globals));
  }
  program.exitOverride();
  inheritSettings(program);
  return program;
}

/**
 * Commands added with `addCommand` do not inherit the root's settings: give every one of them the
 * root's output streams, exit override (so parse errors become exit code 2, not `process.exit`)
 * and help-after-error.
 */
function inheritSettings(parent: CommandUnknownOpts): void {
  for (const child of parent.commands) {
    child.copyInheritedSettings(parent);
    inheritSettings(child);
  }
}
