import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

/** A worker id unique per process: `host-pid-random`, e.g. `web-1-4242-9f3a1c`. */
export function defaultWorkerId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
}
