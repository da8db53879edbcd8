import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./check-samples";

const examples = readdirSync(join(ROOT, "examples")).sort();

function manifest(example: string): { name: string; scripts: Record<string, string> } {
  return JSON.parse(readFileSync(join(ROOT, "examples", example, "package.json"), "utf8"));
}

describe("the examples' README commands", () => {
  it.each(examples)(
    "%s: every script its README runs builds the workspace packages it needs first",
    (example) => {
      const { name, scripts } = manifest(example);
      expect(scripts["build:deps"]).toBe(
        `turbo run build --filter=${name}^... --output-logs=errors-only`,
      );
      const readme = readFileSync(join(ROOT, "examples", example, "README.md"), "utf8");
      const used = Object.keys(scripts).filter((script) => readme.includes(`pnpm ${script}`));
      expect(used).toContain("start");
      for (const script of used.filter((s) => scripts[s]?.includes("tsx "))) {
        expect(scripts[script], `${example}: pnpm ${script}`).toMatch(/^pnpm build:deps && tsx /);
      }
    },
  );
});
