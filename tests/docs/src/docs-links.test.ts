import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { documentationFiles, ROOT } from "./check-samples";

const LINK = /\]\((?!https?:|mailto:|#)([^)\s#]+)(#[^)\s]*)?\)/g;

describe("relative links in the documentation", () => {
  it.each(documentationFiles())("%s links only to files that exist", (file) => {
    const text = readFileSync(join(ROOT, file), "utf8");
    const broken = [...text.matchAll(LINK)]
      .map((m) => m[1] ?? "")
      .filter((target) => !existsSync(join(ROOT, dirname(file), target)));
    expect(broken).toEqual([]);
  });

  it("docs/README.md links every guide", () => {
    const index = readFileSync(join(ROOT, "docs", "README.md"), "utf8");
    for (const file of documentationFiles()) {
      if (!file.startsWith("docs/") || file === "docs/README.md") continue;
      expect(index, file).toContain(`(${file.slice("docs/".length)})`);
    }
  });
});
