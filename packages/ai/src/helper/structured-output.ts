import { type core, z } from "zod";
import { UnsupportedCapabilityError } from "../errors/unsupported-capability-error";

/** JSON Schema of `schema` as sent to a vendor's structured-output mode, and a name for it. */
export interface ProviderSchema {
  jsonSchema: Record<string, unknown>;
  schemaName: string;
}

/**
 * Converts a zod schema with `z.toJSONSchema` (draft 2020-12). A schema JSON Schema cannot express
 * (`z.date()`, `z.bigint()`, transforms without an output type, ...) throws
 * `UnsupportedCapabilityError`.
 */
export function toProviderSchema(
  schema: z.ZodType,
  provider: string,
  model: string,
  schemaName?: string,
): ProviderSchema {
  let jsonSchema: Record<string, unknown>;
  try {
    jsonSchema = z.toJSONSchema(schema) as Record<string, unknown>;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new UnsupportedCapabilityError(
      "json-schema",
      provider,
      `The zod schema cannot be sent as JSON Schema: ${reason}. Use JSON-compatible types (e.g. z.iso.datetime() instead of z.date()).`,
      { model, cause },
    );
  }
  const named = jsonSchema.title ?? jsonSchema.$id;
  return {
    jsonSchema,
    schemaName: sanitizeName(schemaName ?? (typeof named === "string" ? named : "output")),
  };
}

function sanitizeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_-]+/g, "_").slice(0, 64);
  return cleaned.length > 0 ? cleaned : "output";
}

/** Outcome of parsing a model's JSON answer against a schema. */
export type StructuredParse =
  | { success: true; value: unknown }
  | { success: false; message: string; issues: core.$ZodIssue[]; cause?: unknown };

/**
 * Parses `text` as JSON (tolerating a surrounding Markdown code fence) and validates it with
 * `schema`.
 */
export function parseStructuredText(text: string, schema: z.ZodType): StructuredParse {
  let json: unknown;
  try {
    json = JSON.parse(stripCodeFence(text));
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return {
      success: false,
      message: `Model output is not valid JSON: ${reason}`,
      issues: [],
      cause,
    };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { success: true, value: parsed.data };
  return {
    success: false,
    message: `Model output does not match the schema:\n${z.prettifyError(parsed.error)}`,
    issues: parsed.error.issues,
    cause: parsed.error,
  };
}

function stripCodeFence(text: string): string {
  const trimmed = text.trim();
  const fenced = /^```[A-Za-z]*\s*\n([\s\S]*?)\n?```$/.exec(trimmed);
  return fenced?.[1] ?? trimmed;
}
