import { createHash, randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { resolve } from "node:path";
import { parseDatabaseUrl } from "../database/parse-database-url";
import type { DatabaseOption } from "../database/resolve-database";

/**
 * The worker id of an app that names none:
 *
 * - on a SQLite file, stable for the app: `host-sqlite-<hash of the file's path>`. One process
 *   works on a SQLite file at a time, so a restarted app gets the id of the one that died and
 *   resumes its interrupted jobs at once instead of waiting out their leases (the host claims the
 *   id exclusively first, so a second live process on the file never takes them);
 * - otherwise (Postgres, a database passed in), unique per process: `host-pid-random`, since
 *   several workers share the database. Give each deployment slot a stable `worker.workerId` to
 *   get the same fast resume there.
 */
export function defaultWorkerId(database: DatabaseOption): string {
  if (typeof database === "string") {
    try {
      const location = parseDatabaseUrl(database);
      if (location.dialect === "sqlite" && location.filename !== ":memory:") {
        const digest = createHash("sha256").update(resolve(location.filename)).digest("hex");
        return `${hostname()}-sqlite-${digest.slice(0, 12)}`;
      }
    } catch {
      // An invalid URL was refused earlier; fall through to a unique id.
    }
  }
  return `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
}
