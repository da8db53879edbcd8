import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  installedBetterSqlite,
  type PublishedPackage,
  publishedPackages,
  ROOT,
  run,
  TSC,
} from "./workspace";

const FIXTURE = join(import.meta.dirname, "..", "fixture");
const packages = publishedPackages();
const project = mkdtempSync(join(tmpdir(), "stageflow-packed-"));
const tarballs = new Map<string, string>();

/** `pnpm pack` of one package into `<project>/tarballs` (its prepack script builds `dist/`). */
async function pack(pkg: PublishedPackage): Promise<void> {
  const destination = join(project, "tarballs");
  const packed = await run("pnpm", ["pack", "--pack-destination", destination], pkg.dir);
  if (packed.code !== 0) throw new Error(`pnpm pack ${pkg.name} failed:\n${packed.stderr}`);
  const file = packed.stdout.trim().split("\n").pop()?.trim() ?? "";
  if (!file.endsWith(".tgz"))
    throw new Error(`pnpm pack ${pkg.name}: no tarball in\n${packed.stdout}`);
  tarballs.set(pkg.name, file);
}

async function tarEntries(tarball: string): Promise<string[]> {
  const listed = await run("tar", ["-tzf", tarball], project);
  return listed.stdout.split("\n").filter(Boolean);
}

beforeAll(async () => {
  // One at a time: each prepack rebuilds its package's dist/ (tsup cleans it first), which the
  // declaration builds of its dependents read.
  for (const pkg of packages) await pack(pkg);
  const sqlite = installedBetterSqlite();
  const dependencies = Object.fromEntries([
    ...[...tarballs].map(([name, file]) => [name, `file:${relative(project, file)}`]),
    ["zod", "^4.6.0"],
    ["better-sqlite3", sqlite.version],
  ]);
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify(
      {
        name: "stageflow-packed-app",
        private: true,
        type: "module",
        dependencies,
        devDependencies: { "@types/node": "^20.19.0" },
      },
      null,
      2,
    ),
  );
  // Plain npm, from the local cache where it can. Install scripts are skipped and the native
  // better-sqlite3 binary (same version, built for this Node) is copied from the workspace,
  // instead of compiling it again from source for a minute.
  const installed = await run(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"],
    project,
  );
  if (installed.code !== 0) throw new Error(`npm install failed:\n${installed.stderr}`);
  const binary = join("build", "Release", "better_sqlite3.node");
  mkdirSync(join(project, "node_modules", "better-sqlite3", "build", "Release"), {
    recursive: true,
  });
  copyFileSync(join(sqlite.dir, binary), join(project, "node_modules", "better-sqlite3", binary));
});

afterAll(() => {
  rmSync(project, { recursive: true, force: true });
});

describe("the packed packages, installed with npm outside the workspace", () => {
  it("are installed in a project outside the workspace", () => {
    expect(relative(ROOT, project).startsWith("..")).toBe(true);
    expect(packages.map((p) => p.name)).toContain("@stageflow/engine");
  });

  it("build in prepack, so every tarball has dist/ with declarations", async () => {
    for (const pkg of packages) {
      expect(pkg.manifest.scripts?.prepack, pkg.name).toBe(pkg.manifest.scripts?.build);
      const entries = await tarEntries(tarballs.get(pkg.name) ?? "");
      expect(entries, pkg.name).toContain("package/dist/index.js");
      expect(entries, pkg.name).toContain("package/dist/index.d.ts");
    }
  });

  it("declare real versions of each other (no workspace: ranges left)", () => {
    for (const name of tarballs.keys()) {
      const dir = join(project, "node_modules", ...name.split("/"));
      const manifest = readFileSync(join(dir, "package.json"), "utf8");
      expect(manifest, name).not.toContain("workspace:");
      expect(JSON.parse(manifest).type, name).toBe("module");
    }
  });

  it("run a two-stage workflow on SQLite through createStageflow", async () => {
    copyFileSync(join(FIXTURE, "app.mjs"), join(project, "app.mjs"));
    const result = await run(process.execPath, ["app.mjs"], project);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const last = result.stdout.trim().split("\n").pop() ?? "";
    expect(JSON.parse(last)).toEqual({ status: "COMPLETED", output: { count: 3 } });
  });

  it("install the stageflow binary, which lists the app's run", async () => {
    const bin = join(project, "node_modules", ".bin", "stageflow");
    const listed = await run(
      bin,
      ["--database", "sqlite:data/app.db", "runs", "list", "-o", "json"],
      project,
    );
    expect(listed.stderr).toBe("");
    expect(listed.code).toBe(0);
    const runs = JSON.parse(listed.stdout) as Array<{ workflowId: string; status: string }>;
    expect(runs.map((r) => [r.workflowId, r.status])).toEqual([["word-count", "COMPLETED"]]);
    const unknown = await run(
      bin,
      ["--database", "sqlite:data/app.db", "runs", "show", "nope"],
      project,
    );
    expect(unknown.code).toBe(3);
  });

  it("type-check a user's file, and reject sf.run with a wrong input", async () => {
    // One program, two files: typed-run.ts as written (no error allowed) and a copy with the
    // WRONG_INPUT line uncommented (tsc must report that line).
    copyFileSync(join(FIXTURE, "tsconfig.json"), join(project, "tsconfig.json"));
    const source = readFileSync(join(FIXTURE, "typed-run.ts"), "utf8");
    writeFileSync(join(project, "typed-run.ts"), source);
    writeFileSync(join(project, "wrong-input.ts"), source.replace("// WRONG_INPUT ", ""));
    const line = source.split("\n").findIndex((l) => l.includes("WRONG_INPUT await")) + 1;
    const checked = await run(process.execPath, [TSC, "-p", "tsconfig.json"], project);
    const errors = checked.stdout.split("\n").filter((l) => l.includes("error TS"));
    expect(checked.code).not.toBe(0);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^wrong-input\\.ts\\(${line},\\d+\\): error TS2322`));
  });
});
