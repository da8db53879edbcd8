import { execFile } from "node:child_process";
import { readdirSync, readFileSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, "..", "..", "..");

/** A package of `packages/*` that is published (not private). */
export interface PublishedPackage {
  readonly name: string;
  readonly dir: string;
  readonly manifest: Record<string, unknown> & { scripts?: Record<string, string> };
}

/** Every published package of the workspace. */
export function publishedPackages(): PublishedPackage[] {
  return readdirSync(join(ROOT, "packages"))
    .map((name) => join(ROOT, "packages", name))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ name: manifest.name as string, dir, manifest }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const require = createRequire(import.meta.url);

/** The folder of the workspace's installed `better-sqlite3` (already built for this Node). */
export function installedBetterSqlite(): { dir: string; version: string } {
  const dir = realpathSync(join(require.resolve("better-sqlite3/package.json"), ".."));
  const { version } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  return { dir, version };
}

/** The workspace's TypeScript compiler (`tsc`). */
export const TSC = require.resolve("typescript/bin/tsc");

/** Output of a command that ran to its end. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command and resolves with its exit code and output (never rejects on a non-zero exit).
 * `npm_*` variables (set by the pnpm that runs the tests) are removed, so npm reads only its own
 * configuration.
 */
export async function run(
  command: string,
  args: readonly string[],
  cwd: string,
): Promise<CommandResult> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith("npm_")),
  );
  try {
    const { stdout, stderr } = await promisify(execFile)(command, [...args], {
      cwd,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string };
    return {
      code: typeof e.code === "number" ? e.code : 1,
      stdout: e.stdout ?? "",
      stderr: e.stderr ?? String(error),
    };
  }
}
