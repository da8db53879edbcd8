import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./check-samples";

const read = (file: string) => readFileSync(join(ROOT, file), "utf8");

describe("install instructions", () => {
  it("getting started says the packages are ESM only and how to install them from a clone", () => {
    const guide = read("docs/getting-started.md");
    expect(guide).toContain('"type": "module"');
    expect(guide).toContain("20.19");
    expect(guide).toMatch(/pnpm pack --pack-destination (\S+)[\s\S]*npm install \1\/\*\.tgz/);
    expect(guide).toContain("@stageflow/engine");
  });

  it.each(readdirSync(join(ROOT, "packages")).map((name) => `packages/${name}/README.md`))(
    "%s points an installing reader at the clone install, and says ESM only",
    (file) => {
      const readme = read(file);
      if (!/npm i |npm install @stageflow|pnpm add/.test(readme)) return;
      expect(readme).toContain("docs/getting-started.md#install-the-packages");
      expect(readme).toContain('"type": "module"');
    },
  );
});
