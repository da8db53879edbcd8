import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const DIST = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

/** Fails clearly when the package has not been built (the workers run `dist/`). */
export function assertBuilt(): void {
  if (!existsSync(DIST)) {
    throw new Error(
      `The multi-process tests run the built package: ${DIST} is missing. Run \`pnpm build\` first.`,
    );
  }
}

/**
 * Runs `count` Node processes of `script` (under test/fixtures) at once, each with its own
 * `SF_WORKER` JSON (which gets a shared `startAt` so their work overlaps), and returns their
 * parsed stdout. Rejects when one exits non-zero.
 */
export async function runWorkers<T>(
  script: string,
  configs: readonly Record<string, unknown>[],
): Promise<T[]> {
  assertBuilt();
  const path = fileURLToPath(new URL(`../fixtures/${script}`, import.meta.url));
  const startAt = Date.now() + 1_500;
  return Promise.all(
    configs.map(
      (config) =>
        new Promise<T>((resolve, reject) => {
          const child = spawn(process.execPath, [path], {
            env: { ...process.env, SF_WORKER: JSON.stringify({ ...config, startAt }) },
            stdio: ["ignore", "pipe", "pipe"],
          });
          let out = "";
          let err = "";
          child.stdout.on("data", (chunk: Buffer) => {
            out += chunk.toString();
          });
          child.stderr.on("data", (chunk: Buffer) => {
            err += chunk.toString();
          });
          child.on("error", reject);
          child.on("close", (code) => {
            if (code !== 0) reject(new Error(`${script} exited with ${code}: ${err}`));
            else resolve(JSON.parse(out) as T);
          });
        }),
    ),
  );
}
