import { InvalidCommandError } from "../errors/command-errors";

/**
 * `value` of field `field` of a command of type `commandType`, checked to be a whole number of at
 * least `min`.
 *
 * @throws {@link InvalidCommandError} otherwise.
 */
export function wholeNumberField(
  commandType: string,
  field: string,
  value: number,
  min: number,
): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new InvalidCommandError(commandType, field, `must be a whole number >= ${min}`);
  }
  return value;
}
