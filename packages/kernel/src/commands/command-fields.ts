import { z } from "zod";
import { findUnstorableValue, textProblem } from "../json/find-unstorable-value";

/** Longest id (run, job, workflow, stage, worker) and idempotency key a command may carry. */
export const MAX_ID_LENGTH = 512;

/** Deepest nesting of `input`, `config` and `metadata` a command may carry. */
export const MAX_VALUE_DEPTH = 64;

/** Largest count (`maxClaims`, `maxEvents`, `priority`, …): it must fit a 32-bit SQL integer. */
const MAX_INT32 = 2 ** 31 - 1;

/** Longest duration (ms) a command may carry: the range of a `Date`. */
const MAX_DURATION_MS = 8.64e15;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A non-blank string the databases can store, of at most `maxLength` characters. */
function storableString(expectation: string, maxLength: number) {
  return z.unknown().superRefine((value, ctx) => {
    if (typeof value !== "string") {
      ctx.addIssue({ code: "custom", message: `must be ${expectation}, got ${kindOf(value)}` });
      return;
    }
    if (value.trim() === "" || value.length > maxLength) {
      ctx.addIssue({
        code: "custom",
        message: `must be ${expectation} (got ${value.length === 0 ? "an empty string" : `${value.length} characters`})`,
      });
      return;
    }
    const problem = textProblem(value);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
  });
}

/** An id: a non-blank string of at most {@link MAX_ID_LENGTH} storable characters. */
export const idField = storableString(
  `a non-blank string of at most ${MAX_ID_LENGTH} characters`,
  MAX_ID_LENGTH,
);

/**
 * Why `value` cannot be an id in a command (run, job, workflow, stage or worker id), or `undefined`
 * when it can. Hosts check their `workerId` with it up front.
 *
 * @example
 * ```ts
 * commandIdProblem("worker-1"); // undefined
 * commandIdProblem("");         // "must be a non-blank string of at most 512 characters (got an empty string)"
 * ```
 */
export function commandIdProblem(value: unknown): string | undefined {
  const parsed = idField.safeParse(value);
  return parsed.success ? undefined : (parsed.error.issues[0]?.message ?? "is malformed");
}

/** An idempotency key: like an id. */
export const idempotencyKeyField = idField.optional();

/** A free text (a cancel reason): storable characters, at most 10 000. */
export const textField = storableString("a non-blank string of at most 10000 characters", 10_000);

/** A whole number in `[min, 2^31 - 1]`. */
export function wholeNumber(min: number) {
  return z
    .unknown()
    .refine(
      (value) =>
        Number.isInteger(value) && (value as number) >= min && (value as number) <= MAX_INT32,
      {
        message: `must be a whole number from ${min} to ${MAX_INT32}`,
      },
    );
}

/** A signed whole number that fits a 32-bit SQL integer. */
export const int32Field = z
  .unknown()
  .refine((value) => Number.isInteger(value) && Math.abs(value as number) <= MAX_INT32, {
    message: `must be a whole number from -${MAX_INT32} to ${MAX_INT32}`,
  });

/** A duration in milliseconds: a finite number from 0 to the range of a `Date`. */
export const durationField = z
  .unknown()
  .refine(
    (value) =>
      typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= MAX_DURATION_MS,
    { message: `must be a number of milliseconds from 0 to ${MAX_DURATION_MS}` },
  );

/**
 * A JSON value the databases can store: no string or key with U+0000 or a lone surrogate, and no
 * nesting deeper than {@link MAX_VALUE_DEPTH}. With `object`, it must also be a plain object.
 */
export function storableValue(options: { readonly object?: boolean } = {}) {
  return z.unknown().superRefine((value, ctx) => {
    if (options.object === true && !isPlainObject(value)) {
      ctx.addIssue({ code: "custom", message: `must be a plain object, got ${kindOf(value)}` });
      return;
    }
    const found = findUnstorableValue(value, { maxDepth: MAX_VALUE_DEPTH });
    if (found !== undefined) {
      ctx.addIssue({ code: "custom", message: found.problem, path: [...found.path] });
    }
  });
}

/** An `AbortSignal` (checked by shape, so a signal of another realm passes). */
export const signalField = z
  .unknown()
  .refine(
    (value) =>
      typeof value === "object" &&
      value !== null &&
      typeof (value as { aborted?: unknown }).aborted === "boolean" &&
      typeof (value as { addEventListener?: unknown }).addEventListener === "function",
    { message: "must be an AbortSignal" },
  );

/** How a value is described in a message: `a number`, `null`, `an array`, … */
export function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "undefined") return "nothing";
  if (typeof value === "number") return `the number ${String(value)}`;
  if (typeof value === "string") return `the string ${JSON.stringify(value.slice(0, 40))}`;
  return `a ${typeof value}`;
}
