import type { z } from "zod";
import type { ValidationIssue } from "../errors/validation-error";

/** Converts zod issues to {@link ValidationIssue}s, prefixing paths and tagging the stage. */
export function toValidationIssues(
  error: z.ZodError,
  options: { readonly prefix?: string; readonly stageId?: string } = {},
): ValidationIssue[] {
  return error.issues.map((issue) => {
    const path = [options.prefix, ...issue.path.map((part) => String(part))]
      .filter((part): part is string => part !== undefined && part !== "")
      .join(".");
    return options.stageId === undefined
      ? { path, message: issue.message }
      : { path, message: issue.message, stageId: options.stageId };
  });
}

/** Renders issues as `path: message; path: message` for error messages. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => (i.path === "" ? i.message : `${i.path}: ${i.message}`)).join("; ");
}
