import { usageError } from "../errors/cli-error";
import type { CliIO } from "./cli-io";

/** How listing commands print: a table for people, JSON or JSON lines for scripts. */
export type OutputFormat = "table" | "json" | "jsonl";

const formats: readonly OutputFormat[] = ["table", "json", "jsonl"];

/**
 * The format a command prints in: the `-o` flag when given, else `table` on a terminal and `json`
 * when stdout is a pipe or a file.
 */
export function resolveOutputFormat(flag: string | undefined, io: CliIO): OutputFormat {
  if (flag === undefined) return io.stdout.isTTY ? "table" : "json";
  if ((formats as readonly string[]).includes(flag)) return flag as OutputFormat;
  throw usageError(`-o takes one of ${formats.join(", ")}; got "${flag}"`);
}
