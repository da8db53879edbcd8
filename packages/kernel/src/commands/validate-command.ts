import type { z } from "zod";
import { InvalidCommandError, UnknownCommandError } from "../errors/command-errors";
import { formatPath } from "../json/find-unstorable-value";
import { COMMAND_SCHEMAS } from "./command-schemas";
import type { CommandType, KernelCommand } from "./command-types";
import { isWellFormedJobExecute } from "./job-execute-fast-check";

/**
 * Checks a dispatched command against the schema of its type ({@link COMMAND_SCHEMAS}) and returns
 * it unchanged. Runs before any handler, so a malformed command writes nothing, on every adapter.
 *
 * @throws {@link InvalidCommandError} naming the first offending field (`type` when the command is
 *   not an object with a string `type`).
 * @throws {@link UnknownCommandError} for a `type` the kernel does not handle.
 */
export function validateCommand(command: unknown): KernelCommand {
  if (typeof command !== "object" || command === null || Array.isArray(command)) {
    throw new InvalidCommandError("(none)", "command", "must be an object with a string type");
  }
  const type: unknown = (command as { type?: unknown }).type;
  if (typeof type !== "string") {
    throw new InvalidCommandError("(none)", "type", "must be a string naming a command");
  }
  if (!Object.hasOwn(COMMAND_SCHEMAS, type)) throw new UnknownCommandError(type);
  // The command of every stage job: checked without zod when it is well formed.
  if (type === "job.execute" && isWellFormedJobExecute(command as Record<string, unknown>)) {
    return command as KernelCommand;
  }
  const schema: z.ZodType = COMMAND_SCHEMAS[type as CommandType];
  const parsed = schema.safeParse(command);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const [first, ...rest] = (issue?.path ?? []).map((key) =>
      typeof key === "symbol" ? String(key) : key,
    );
    const field = first === undefined ? "command" : formatPath(String(first), rest);
    throw new InvalidCommandError(type, field, issue?.message ?? "is malformed");
  }
  return command as KernelCommand;
}
