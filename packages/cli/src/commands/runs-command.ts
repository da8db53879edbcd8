import { Command, type CommandUnknownOpts } from "@commander-js/extra-typings";
import type { CliIO } from "../output/cli-io";
import type { GlobalOptions } from "../program";
import { runsCancelCommand } from "./runs-cancel";
import { runsListCommand } from "./runs-list";
import { runsPurgeCommand } from "./runs-purge";
import { runsRerunCommand } from "./runs-rerun";
import { runsShowCommand } from "./runs-show";

/** `stageflow runs …`: list, show, cancel, rerun and purge runs. */
export function runsCommand(io: CliIO, globals: () => GlobalOptions): CommandUnknownOpts {
  const runs = new Command("runs").description("list, inspect and act on workflow runs");
  for (const make of [
    runsListCommand,
    runsShowCommand,
    runsCancelCommand,
    runsRerunCommand,
    runsPurgeCommand,
  ]) {
    runs.addCommand(make(io, globals));
  }
  return runs;
}
