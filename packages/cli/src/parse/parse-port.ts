import { usageError } from "../errors/cli-error";

/** Reads a TCP port 0..65535 given to `flag` (0: any free port); a usage error otherwise. */
export function parsePort(value: string, flag: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number > 65_535) {
    throw usageError(`${flag} takes a port number from 0 to 65535; got "${value}"`);
  }
  return number;
}
