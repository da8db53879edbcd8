import {
  BATCHED_REQUEST_KEY,
  type BatchedRequestRoute,
  type BatchedRequestSpec,
  findSecret,
} from "@stageflow/core";
import { SecretInSuspendedStateError } from "../errors/stage-errors";
import { assertJsonValue } from "../json/assert-json-value";

/** A batched request of a suspension, checked. */
export interface ValidatedBatchedRequest {
  readonly key: string;
  readonly spec: BatchedRequestSpec;
  /** Where it goes, once routed (before the commit). */
  readonly route?: BatchedRequestRoute;
  /** Size of its JSON in bytes, once routed. */
  readonly bytes?: number;
}

const KINDS = new Set(["text", "object", "embedding"]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Checks the `batchedRequests` of a suspension: an object of requests by key (keys match
 * `BATCHED_REQUEST_KEY`), each with a known `kind`, a non-empty `model`, a string `prompt`,
 * optional numeric `maxTokens` / `temperature`, a JSON Schema object for object requests, no
 * secret anywhere, JSON only.
 *
 * @param fail - throws the caller's typed error with the problem.
 * @returns the requests in key order of the object, or `undefined` when absent.
 */
export function validateBatchedRequests(
  stageId: string,
  value: unknown,
  fail: (problem: string) => never,
): readonly ValidatedBatchedRequest[] | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) return fail("batchedRequests must be an object of requests by key");
  const out: ValidatedBatchedRequest[] = [];
  for (const [key, spec] of Object.entries(value)) {
    const where = `batchedRequests.${key}`;
    if (!BATCHED_REQUEST_KEY.test(key)) {
      fail(`${where}: a key must match ${String(BATCHED_REQUEST_KEY)}`);
    }
    if (!isPlainObject(spec))
      return fail(`${where} must be a request (use batched.text/object/embedding)`);
    if (typeof spec.kind !== "string" || !KINDS.has(spec.kind)) {
      fail(`${where}.kind must be "text", "object" or "embedding"`);
    }
    if (typeof spec.model !== "string" || spec.model.trim() === "") {
      fail(`${where}.model must be a non-empty string`);
    }
    if (typeof spec.prompt !== "string") fail(`${where}.prompt must be a string`);
    for (const field of ["provider", "system"] as const) {
      if (spec[field] !== undefined && typeof spec[field] !== "string") {
        fail(`${where}.${field} must be a string when given`);
      }
    }
    for (const field of ["maxTokens", "temperature"] as const) {
      const n = spec[field];
      if (n !== undefined && (typeof n !== "number" || !Number.isFinite(n) || n < 0)) {
        fail(`${where}.${field} must be a finite number >= 0 when given`);
      }
    }
    if (spec.kind === "object" && !isPlainObject(spec.jsonSchema)) {
      fail(`${where}.jsonSchema must be a JSON Schema object for an object request`);
    }
    const secret = findSecret(spec, where);
    if (secret !== undefined) throw new SecretInSuspendedStateError(stageId, secret);
    assertJsonValue(spec, `${where} of stage "${stageId}"`);
    out.push({ key, spec: spec as unknown as BatchedRequestSpec });
  }
  return out;
}
