import { Command, type CommandUnknownOpts } from "@commander-js/extra-typings";
import { serveDashboard } from "@stageflow/dashboard";
import { openContext } from "../connect/open-context";
import { CliError } from "../errors/cli-error";
import type { CliIO } from "../output/cli-io";
import { parseBasicAuth } from "../parse/parse-basic-auth";
import { parsePort } from "../parse/parse-port";
import type { GlobalOptions } from "../program";

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

/** `stageflow dashboard`: serves the run dashboard on the database until SIGTERM / SIGINT. */
export function dashboardCommand(io: CliIO, globals: () => GlobalOptions): CommandUnknownOpts {
  return new Command("dashboard")
    .description("serve the run dashboard (UI and JSON API) on the database until Ctrl-C")
    .option("--port <port>", "TCP port (0: any free port)", "4820")
    .option("--host <host>", "interface to bind (0.0.0.0 exposes it to the network)", "127.0.0.1")
    .option("--read-only", "refuse every write: no cancel, rerun, retry or replay")
    .option("--base-path <path>", "serve under this path, e.g. /stageflow (behind a proxy)")
    .option("--title <title>", "the title shown in the UI", "Stageflow")
    .option(
      "--basic-auth <user:password>",
      "require these credentials (or set STAGEFLOW_DASHBOARD_PASSWORD and, optionally, STAGEFLOW_DASHBOARD_USER)",
    )
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  $ stageflow --database sqlite:.stageflow/app.db dashboard",
        "  $ STAGEFLOW_DASHBOARD_PASSWORD=… stageflow dashboard --host 0.0.0.0 --read-only",
        "",
        "Workflows of stageflow.config.ts (when present) give the stage lists and allow reruns.",
      ].join("\n"),
    )
    .action(async (flags) => {
      const port = parsePort(flags.port, "--port");
      const basicAuth = parseBasicAuth(flags.basicAuth, process.env);
      const context = await openContext(globals());
      let served: Awaited<ReturnType<typeof serveDashboard>>;
      try {
        served = await serveDashboard({
          kernel: context.sf.kernel,
          blobStore: context.sf.blobStore,
          workflows: context.config?.workflows ?? [],
          port,
          host: flags.host,
          readOnly: flags.readOnly === true,
          title: flags.title,
          ...(flags.basePath ? { basePath: flags.basePath } : {}),
          ...(basicAuth ? { basicAuth } : {}),
        });
      } catch (error) {
        await context.close();
        const message = error instanceof Error ? error.message : String(error);
        throw new CliError("CLI_DASHBOARD", `cannot serve the dashboard: ${message}`, 1, {
          cause: error,
        });
      }
      io.stdout.write(`${served.url}\n`);
      const notes = [
        `Stageflow dashboard on ${served.url}`,
        flags.readOnly ? "read-only" : undefined,
        basicAuth ? `basic auth as "${basicAuth.username}"` : undefined,
      ].filter(Boolean);
      io.stderr.write(`${notes.join(", ")} (Ctrl-C stops)\n`);
      if (!LOOPBACK.has(flags.host) && !basicAuth) {
        io.stderr.write(
          `warning: listening on ${flags.host} without --basic-auth: anyone who can reach it can act on runs\n`,
        );
      }
      await new Promise<void>((resolve) => {
        process.once("SIGTERM", () => resolve());
        process.once("SIGINT", () => resolve());
      });
      await served.close();
      await context.close();
      io.stderr.write("dashboard stopped\n");
    });
}
