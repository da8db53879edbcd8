import { WorkflowDefinitionError } from "../errors/workflow-definition-error";

/** Characters allowed in a stage id. */
export const STAGE_ID_PATTERN: RegExp = /^[A-Za-z0-9._:-]+$/;

/** A definition as seen before its types can be trusted. */
interface RawStageDefinition {
  readonly id?: unknown;
  readonly name?: unknown;
  readonly description?: unknown;
  readonly mode?: unknown;
  readonly dependencies?: unknown;
  readonly schemas?: unknown;
  readonly retry?: unknown;
  readonly execute?: unknown;
  readonly checkCompletion?: unknown;
  readonly onCancel?: unknown;
}

function isSchema(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { safeParse?: unknown }).safeParse === "function"
  );
}

function checkRetry(retry: unknown): string | undefined {
  if (retry === undefined) return undefined;
  if (typeof retry !== "object" || retry === null) return "retry must be an object";
  const { maxAttempts, backoff } = retry as { maxAttempts?: unknown; backoff?: unknown };
  if (maxAttempts !== undefined && !(Number.isInteger(maxAttempts) && Number(maxAttempts) >= 1)) {
    return `retry.maxAttempts must be an integer >= 1, got ${String(maxAttempts)}`;
  }
  if (backoff === undefined) return undefined;
  if (typeof backoff !== "object" || backoff === null) return "retry.backoff must be an object";
  const minimums = { initialDelayMs: 0, multiplier: 1, maxDelayMs: 0 } as const;
  for (const [field, min] of Object.entries(minimums)) {
    const value = (backoff as Record<string, unknown>)[field];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
      return `retry.backoff.${field} must be a finite number >= ${min}, got ${String(value)}`;
    }
  }
  return undefined;
}

function findProblem(def: RawStageDefinition, id: string): string | undefined {
  if (typeof def.name !== "string" || def.name.trim() === "")
    return "name must be a non-empty string";
  if (def.description !== undefined && typeof def.description !== "string") {
    return "description must be a string";
  }
  if (def.mode !== "sync" && def.mode !== "async-batch") {
    return `mode must be "sync" or "async-batch", got ${String(def.mode)}`;
  }
  if (typeof def.execute !== "function") return "execute must be a function";
  if (def.mode === "async-batch" && typeof def.checkCompletion !== "function") {
    return "an async-batch stage needs a checkCompletion function";
  }
  if (
    def.mode === "async-batch" &&
    def.onCancel !== undefined &&
    typeof def.onCancel !== "function"
  ) {
    return "onCancel must be a function";
  }
  const schemas = def.schemas as
    | { input?: unknown; output?: unknown; config?: unknown }
    | undefined;
  if (typeof schemas !== "object" || schemas === null) return "schemas must be an object";
  if (schemas.input !== "none" && !isSchema(schemas.input)) {
    return 'schemas.input must be a zod schema or "none"';
  }
  if (!isSchema(schemas.output)) return "schemas.output must be a zod schema";
  if (!isSchema(schemas.config)) return "schemas.config must be a zod schema";
  const deps = def.dependencies;
  if (deps !== undefined) {
    if (!Array.isArray(deps) || deps.some((d) => typeof d !== "string" || d.trim() === "")) {
      return "dependencies must be an array of stage ids";
    }
    if (deps.includes(id)) return "a stage cannot depend on itself";
    if (new Set(deps).size !== deps.length) return "dependencies must not repeat a stage id";
  }
  return checkRetry(def.retry);
}

/**
 * Checks a stage definition (or a stage) and throws a {@link WorkflowDefinitionError} with
 * code `INVALID_STAGE_DEFINITION` naming the stage on the first problem found.
 */
export function validateStageDefinition(def: RawStageDefinition): void {
  const rawId = def.id;
  if (typeof rawId !== "string" || rawId.trim() === "") {
    throw new WorkflowDefinitionError(
      "INVALID_STAGE_DEFINITION",
      `Invalid stage definition${typeof def.name === "string" ? ` "${def.name}"` : ""}: id must be a non-empty string`,
    );
  }
  const problem = STAGE_ID_PATTERN.test(rawId)
    ? findProblem(def, rawId)
    : "id may only contain letters, digits and . _ : -";
  if (problem !== undefined) {
    throw new WorkflowDefinitionError(
      "INVALID_STAGE_DEFINITION",
      `Invalid stage definition "${rawId}": ${problem}`,
      { stageId: rawId },
    );
  }
}
