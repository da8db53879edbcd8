import { UnstorableValueError } from "../errors/unstorable-value-error";
import { findUnstorableValue, formatPath } from "../json/find-unstorable-value";

/**
 * The {@link UnstorableValueError} for the first place in `value` that a database cannot store
 * (U+0000 or a lone surrogate in a string or key), or `undefined` when all of it can be stored.
 *
 * @param stageId - the stage that produced the value.
 * @param field - the value's name in the error (`output`, `customMetrics`, `log[0].message`, …).
 */
export function unstorableValue(
  stageId: string,
  field: string,
  value: unknown,
): UnstorableValueError | undefined {
  const found = findUnstorableValue(value);
  return found === undefined
    ? undefined
    : new UnstorableValueError(stageId, formatPath(field, found.path), found.problem);
}

/**
 * Throws the {@link UnstorableValueError} of {@link unstorableValue}, if any. Checked before
 * anything of a stage's outcome is written, so Postgres and SQLite refuse the same values.
 */
export function assertStorable(stageId: string, field: string, value: unknown): void {
  const error = unstorableValue(stageId, field, value);
  if (error !== undefined) throw error;
}
