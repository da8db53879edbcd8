import type { Command, OptionValues } from "@commander-js/extra-typings";
import type { MetadataValue, RunFilterOptions } from "@stageflow/engine";
import { usageError } from "../errors/cli-error";
import { collect } from "../parse/collect";
import { parseSince } from "../parse/parse-since";
import { parseStatuses } from "../parse/parse-statuses";

/** Adds the flags that select runs, shared by `runs list` and the bulk forms of cancel and rerun. */
export function addRunFilterOptions<
  Args extends unknown[],
  Opts extends OptionValues,
  G extends OptionValues,
>(command: Command<Args, Opts, G>): Command<Args, Opts & RunFilterFlags, G> {
  // The explicit return type keeps declaration emit from expanding the chain of option types.
  return command
    .option(
      "--status <status>",
      "only runs in this status (repeatable, or comma-separated)",
      collect,
    )
    .option("--workflow <workflowId>", "only runs of this workflow")
    .option("--since <age|ISO>", "only runs created since then (30m, 1h, 7d, or an ISO date)")
    .option("--until <age|ISO>", "only runs created before then")
    .option("--failed-stage <stageId>", "only runs whose failing stage is this one")
    .option("--meta <key=value>", "only runs whose metadata has key = value (repeatable)", collect)
    .option(
      "--field <source.path=value>",
      "only runs whose metadata, input or output has value at path (e.g. input.customer.id=acme)",
    )
    .option("--id-prefix <prefix>", "only runs whose id starts so") as unknown as Command<
    Args,
    Opts & RunFilterFlags,
    G
  >;
}

/** The flags of {@link addRunFilterOptions}, as commander parses them. */
export interface RunFilterFlags {
  status?: string[];
  workflow?: string;
  since?: string;
  until?: string;
  failedStage?: string;
  meta?: string[];
  field?: string;
  idPrefix?: string;
}

/** Turns the filter flags into the query API's filter; usage errors name the flag. */
export function runFilterFrom(flags: RunFilterFlags, now: Date = new Date()): MutableFilter {
  const filter: MutableFilter = {};
  const statuses = parseStatuses(flags.status);
  if (statuses) filter.status = statuses;
  if (flags.workflow) filter.workflowId = flags.workflow;
  if (flags.since) filter.createdAfter = parseSince(flags.since, "--since", now);
  if (flags.until) filter.createdBefore = parseSince(flags.until, "--until", now);
  if (flags.failedStage) filter.failedStageId = flags.failedStage;
  if (flags.idPrefix) filter.idPrefix = flags.idPrefix;
  if (flags.meta && flags.meta.length > 0) {
    const metadata: Record<string, MetadataValue> = {};
    for (const pair of flags.meta) {
      const at = pair.indexOf("=");
      if (at <= 0) throw usageError(`--meta takes key=value; got "${pair}"`);
      metadata[pair.slice(0, at)] = metadataValue(pair.slice(at + 1));
    }
    filter.metadata = metadata;
  }
  if (flags.field !== undefined) filter.field = fieldFilter(flags.field);
  return filter;
}

const FIELD_SOURCES = ["metadata", "input", "output"] as const;

/**
 * `--field source.path=value` as the query API's field filter: the source (`metadata`, `input`
 * or `output`), then the object keys separated by dots; the value is typed as for `--meta`.
 */
function fieldFilter(text: string): NonNullable<RunFilterOptions["field"]> {
  const at = text.indexOf("=");
  const [source, ...path] = (at < 0 ? "" : text.slice(0, at)).split(".");
  const known = FIELD_SOURCES.find((name) => name === source);
  if (known === undefined || path.length === 0) {
    throw usageError(
      `--field takes metadata.<path>=value, input.<path>=value or output.<path>=value; got "${text}"`,
    );
  }
  return { source: known, path, value: metadataValue(text.slice(at + 1)) };
}

/**
 * A metadata value as typed on the command line: `true` / `false` and numbers match JSON booleans
 * and numbers; anything else (or a value in quotes) matches a string.
 */
function metadataValue(text: string): MetadataValue {
  if (text === "true") return true;
  if (text === "false") return false;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  const quoted = /^"(.*)"$/.exec(text);
  return quoted ? (quoted[1] ?? "") : text;
}

/** The query filter the flags build (writable while it is built). */
export type MutableFilter = { -readonly [K in keyof RunFilterOptions]: RunFilterOptions[K] };

/** True when no flag narrows the selection (a bulk action would touch every run). */
export function isEmptyFilter(filter: RunFilterOptions): boolean {
  return Object.keys(filter).length === 0;
}
