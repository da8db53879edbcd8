import { usageError } from "../errors/cli-error";

/** Reads a whole number ≥ 1 given to `flag`; a usage error otherwise. */
export function parsePositiveInt(value: string, flag: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < 1) {
    throw usageError(`${flag} takes a whole number of 1 or more; got "${value}"`);
  }
  return number;
}
