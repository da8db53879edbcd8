import { Command, type CommandUnknownOpts } from "@commander-js/extra-typings";
import { getDatabaseStatus, migrateToLatest } from "@stageflow/engine";
import pc from "picocolors";
import { withContext } from "../connect/open-context";
import type { CliIO } from "../output/cli-io";
import { resolveOutputFormat } from "../output/output-format";
import { printObject, renderTable } from "../output/print-rows";
import type { GlobalOptions } from "../program";

/** `stageflow db migrate|status`. */
export function dbCommand(io: CliIO, globals: () => GlobalOptions): CommandUnknownOpts {
  const db = new Command("db").description("the database: migrations and table sizes");
  db.addCommand(
    new Command("migrate")
      .description("apply every pending Stageflow migration (safe to run from several processes)")
      .option("-o, --output <format>", "table, json or jsonl")
      .addHelpText(
        "after",
        "\nExample:\n  $ stageflow --database postgres://localhost/app db migrate",
      )
      .action(async (flags) => {
        const format = resolveOutputFormat(flags.output, io);
        await withContext(globals(), async ({ sf }) => {
          const { applied } = await migrateToLatest(sf.database);
          if (format === "table") {
            io.stdout.write(
              applied.length === 0 ? "up to date\n" : `applied ${applied.join(", ")}\n`,
            );
          } else printObject(io, format, { applied });
        });
      }),
  );
  db.addCommand(
    new Command("status")
      .description("applied and pending migrations, and the rows and size of every Stageflow table")
      .option(
        "-o, --output <format>",
        "table, json or jsonl (default: table on a terminal, json otherwise)",
      )
      .addHelpText("after", "\nExample:\n  $ stageflow db status -o json")
      .action(async (flags) => {
        const format = resolveOutputFormat(flags.output, io);
        await withContext(globals(), async ({ sf }) => {
          const status = await getDatabaseStatus(sf.database);
          if (format !== "table") {
            printObject(io, format, { ...status });
            return;
          }
          io.stdout.write(
            `${renderTable(
              ["MIGRATION", "APPLIED"],
              status.migrations.map((m) => [
                m.name,
                m.appliedAt ? m.appliedAt.toISOString() : pc.yellow("pending"),
              ]),
            )}\n`,
          );
          io.stdout.write(
            `${renderTable(
              ["TABLE", "ROWS", "SIZE"],
              status.tables.map((t) => [
                t.table,
                String(t.rows),
                t.bytes === null ? "—" : `${(t.bytes / 1024).toFixed(0)} KiB`,
              ]),
            )}\n`,
          );
          if (status.pending.length > 0)
            io.stderr.write(`${status.pending.length} pending: run stageflow db migrate\n`);
        });
      }),
  );
  return db;
}
