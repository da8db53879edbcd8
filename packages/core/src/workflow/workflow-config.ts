import { ValidationError, type ValidationIssue } from "../errors/validation-error";
import type { AnyStage } from "../stage/stage";
import type { ConfigValidationResult } from "./validation-result";
import { formatIssues, toValidationIssues } from "./zod-issues";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Each stage's config parsed from `{}`, keyed by stage id; stages without full defaults are left out. */
export function defaultConfigOf(stages: readonly AnyStage[]): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const stage of stages) {
    const parsed = stage.schemas.config.safeParse({});
    if (parsed.success) config[stage.id] = parsed.data;
  }
  return config;
}

/** Defaults overlaid, per stage id and shallowly, by `overrides`. */
export function mergeConfigOf(
  stages: readonly AnyStage[],
  overrides: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const merged = defaultConfigOf(stages);
  for (const [stageId, value] of Object.entries(overrides ?? {})) {
    if (value === undefined) continue;
    const base = merged[stageId];
    merged[stageId] = isPlainObject(base) && isPlainObject(value) ? { ...base, ...value } : value;
  }
  return merged;
}

/** Parses a workflow config (stage id → stage config); a missing stage entry parses `{}`. */
export function validateConfigOf(
  stages: readonly AnyStage[],
  config: unknown,
): ConfigValidationResult {
  if (!isPlainObject(config)) {
    const issue = { path: "", message: "Config must be an object keyed by stage id" };
    return {
      success: false,
      error: new ValidationError(`Invalid config: ${issue.message}`, [issue]),
    };
  }
  const known = new Set(stages.map((s) => s.id));
  const parsed: Record<string, unknown> = {};
  const issues: ValidationIssue[] = [];
  const parts: string[] = [];
  for (const stage of stages) {
    const result = stage.schemas.config.safeParse(config[stage.id] ?? {});
    if (result.success) {
      parsed[stage.id] = result.data;
      continue;
    }
    const stageIssues = toValidationIssues(result.error, { prefix: stage.id, stageId: stage.id });
    issues.push(...stageIssues);
    parts.push(`stage "${stage.id}" (${formatIssues(stageIssues)})`);
  }
  for (const stageId of Object.keys(config)) {
    if (known.has(stageId)) continue;
    const message = `Unknown stage id "${stageId}": the workflow has no such stage`;
    issues.push({ path: stageId, message, stageId });
    parts.push(`unknown stage id "${stageId}"`);
  }
  if (issues.length === 0) return { success: true, config: parsed };
  return {
    success: false,
    error: new ValidationError(`Invalid config for ${parts.join(", ")}`, issues, {
      details: { stageIds: [...new Set(issues.map((i) => i.stageId))] },
    }),
  };
}
