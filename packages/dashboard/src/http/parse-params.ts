import type { z } from "zod";
import { ApiError } from "./api-error";

/** One problem with a parameter, as `details` of a 400 answer lists them. */
export interface ParameterIssue {
  /** Where: `query.limit`, `body.ids.3`, … */
  readonly parameter: string;
  readonly message: string;
}

/**
 * `value` parsed by `schema`, or a 400 `INVALID_PARAMETER` {@link ApiError} whose `details` list
 * every issue (`where` prefixes each parameter path: `query`, `body`, `path`).
 */
export function parseParams<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: "query" | "body" | "path",
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: ParameterIssue[] = result.error.issues.map((issue) => ({
    parameter: [where, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
  const first = issues[0];
  const summary = first ? `${first.parameter}: ${first.message}` : "invalid";
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  throw new ApiError("INVALID_PARAMETER", `Invalid parameter ${summary}${more}`, { issues });
}

/** The JSON body of `request`, or a 400 when it is not JSON. An empty body reads as `{}`. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError("INVALID_PARAMETER", "The request body is not valid JSON.", {
      issues: [{ parameter: "body", message: "not valid JSON" }],
    });
  }
}
