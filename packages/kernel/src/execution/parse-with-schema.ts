import { ValidationError, type ValidationIssue } from "@stageflow/core";
import type { z } from "zod";

/**
 * Parses `value` with `schema`; on failure throws a (non-retryable) `ValidationError` whose
 * message starts with `what` and lists every issue, each tagged with `stageId`.
 */
export function parseWithSchema(
  schema: z.ZodType,
  value: unknown,
  what: string,
  stageId: string,
): unknown {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: ValidationIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
    stageId,
  }));
  const summary = issues
    .map((issue) => (issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`))
    .join("; ");
  throw new ValidationError(`${what}: ${summary}`, issues, { cause: result.error });
}
