import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join, relative, resolve } from "node:path";
import ts from "typescript";
import { extractBlocks, mapLine, type Sample, toSamples } from "./extract-samples";

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, "..", "..", "..");

/** The `.md` files directly in `dir` (relative to the root), sorted. */
function markdownIn(dir: string): string[] {
  return readdirSync(join(ROOT, dir))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => join(dir, name));
}

/** The READMEs of the folders in `dir` (`packages`, `examples`), sorted. */
function readmesIn(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, dir, entry.name, "README.md")))
    .map((entry) => join(dir, entry.name, "README.md"))
    .sort();
}

/**
 * The Markdown files whose samples and links are checked: the root README, docs/*.md, and the
 * README of every package and example.
 */
export function documentationFiles(): string[] {
  return ["README.md", ...markdownIn("docs"), ...readmesIn("packages"), ...readmesIn("examples")];
}

/** Every sample of the documentation files (fragments marked `// @fragment` left out). */
export function collectSamples(files = documentationFiles()): Sample[] {
  return files.flatMap((file) =>
    toSamples(extractBlocks(file, readFileSync(join(ROOT, file), "utf8"))).filter(
      (sample) => !sample.block.isFragment,
    ),
  );
}

/** Compiler options: the workspace's strict base, no emit. */
function compilerOptions(): ts.CompilerOptions {
  const configPath = join(ROOT, "tsconfig.base.json");
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, ROOT, undefined, configPath);
  return { ...parsed.options, noEmit: true, declaration: false, sourceMap: false };
}

/** `docs/concepts.md:42:7 TS2322 Type 'string' is not assignable to type 'number'.` */
export type SampleErrors = ReadonlyMap<string, readonly string[]>;

/**
 * Writes each sample to its own file in a temporary folder inside this package (so imports of
 * `@stageflow/*` resolve through its node_modules), compiles them all in one program, and returns
 * the errors of each sample with Markdown positions.
 */
export function typeCheckSamples(samples: readonly Sample[]): SampleErrors {
  const cacheDir = join(import.meta.dirname, "..", "node_modules", ".cache");
  mkdirSync(cacheDir, { recursive: true });
  const dir = mkdtempSync(join(cacheDir, "docs-samples-"));
  try {
    const byFile = new Map<string, Sample>();
    samples.forEach((sample, index) => {
      const path = join(dir, `sample-${String(index + 1).padStart(3, "0")}.ts`);
      writeFileSync(path, sample.source);
      byFile.set(resolve(path), sample);
    });
    const program = ts.createProgram([...byFile.keys()], compilerOptions());
    const errors = new Map<string, string[]>(samples.map((s) => [s.id, []]));
    const global: string[] = [];
    for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
      const sample = diagnostic.file ? byFile.get(resolve(diagnostic.file.fileName)) : undefined;
      if (!sample || diagnostic.file === undefined || diagnostic.start === undefined) {
        const where = diagnostic.file ? relative(ROOT, diagnostic.file.fileName) : "compiler";
        global.push(`${where}: TS${diagnostic.code} ${message}`);
        continue;
      }
      const pos = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      const { file, line } = mapLine(sample, pos.line);
      errors
        .get(sample.id)
        ?.push(`${file}:${line}:${pos.character + 1} TS${diagnostic.code} ${message}`);
    }
    if (global.length > 0) errors.set("(global)", global);
    return errors;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
