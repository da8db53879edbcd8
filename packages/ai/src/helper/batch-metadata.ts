import { z } from "zod";
import { BatchMetadataError } from "../errors/batch-errors";
import type { AIBatchInfo, AIBatchMetadata, AIBatchResultsOptions } from "./ai-batch";

const BatchInfoSchema = z.object({
  v: z.literal(1),
  batchId: z.string(),
  provider: z.string(),
  model: z.string(),
  requestCount: z.number(),
  schemas: z.record(z.string(), z.record(z.string(), z.unknown())),
  schemaForAll: z.string().optional(),
  schemaByRequest: z.record(z.string(), z.string()).optional(),
  requestIds: z.array(z.string()).optional(),
});

/** An object request's JSON Schema, before the batch id is known. */
export interface SchemaUse {
  requestId: string;
  jsonSchema: Record<string, unknown>;
}

/**
 * Builds the metadata `submit` returns: JSON Schemas deduplicated by content, referenced from
 * every object request (or once, when all requests share one).
 */
export function buildBatchMetadata(
  base: Omit<AIBatchInfo, "v" | "schemas" | "schemaForAll" | "schemaByRequest">,
  uses: readonly SchemaUse[],
): AIBatchMetadata {
  const keyByJson = new Map<string, string>();
  const schemas: Record<string, Record<string, unknown>> = {};
  const schemaByRequest: Record<string, string> = {};
  for (const use of uses) {
    const json = JSON.stringify(use.jsonSchema);
    let key = keyByJson.get(json);
    if (key === undefined) {
      key = `s${keyByJson.size}`;
      keyByJson.set(json, key);
      schemas[key] = use.jsonSchema;
    }
    schemaByRequest[use.requestId] = key;
  }
  const info: AIBatchInfo = { v: 1, ...base, schemas };
  const keys = new Set(Object.values(schemaByRequest));
  const [onlyKey] = keys;
  if (keys.size === 1 && uses.length === base.requestCount && onlyKey !== undefined) {
    info.schemaForAll = onlyKey;
  } else if (uses.length > 0) {
    info.schemaByRequest = schemaByRequest;
  }
  return { aiBatch: info };
}

/**
 * Reads the helper's part of a stored metadata object. `undefined` when there is none; throws
 * `BatchMetadataError` when it is malformed or belongs to another batch or model.
 */
export function readBatchMetadata(
  metadata: Record<string, unknown> | undefined,
  expected: { batchId: string; model: string },
): AIBatchInfo | undefined {
  if (metadata?.aiBatch === undefined) return undefined;
  const parsed = BatchInfoSchema.safeParse(metadata.aiBatch);
  if (!parsed.success) {
    throw new BatchMetadataError(
      `metadata.aiBatch is not what batch.submit() returned: ${z.prettifyError(parsed.error)}`,
      parsed.error,
    );
  }
  const info = parsed.data as AIBatchInfo;
  if (info.batchId !== expected.batchId || info.model !== expected.model) {
    throw new BatchMetadataError(
      `metadata.aiBatch describes batch "${info.batchId}" of model "${info.model}", ` +
        `not batch "${expected.batchId}" of model "${expected.model}".`,
    );
  }
  return info;
}

/** Resolves the zod schema to validate a request's result with, if it was an object request. */
export function createSchemaResolver(
  info: AIBatchInfo | undefined,
  options: AIBatchResultsOptions,
): (requestId: string) => z.ZodType | undefined {
  const converted = new Map<string, z.ZodType>();
  const override = options.schemas;
  return (requestId) => {
    const key = info?.schemaForAll ?? info?.schemaByRequest?.[requestId];
    if (override !== undefined) {
      if (isZodType(override)) return key !== undefined || !info ? override : undefined;
      const own = override[requestId];
      if (own) return own;
    }
    if (key === undefined || !info) return undefined;
    let schema = converted.get(key);
    const jsonSchema = info.schemas[key];
    if (!schema && jsonSchema) {
      schema = z.fromJSONSchema(jsonSchema as Parameters<typeof z.fromJSONSchema>[0]);
      converted.set(key, schema);
    }
    return schema;
  };
}

function isZodType(value: unknown): value is z.ZodType {
  return typeof value === "object" && value !== null && "_zod" in value;
}
