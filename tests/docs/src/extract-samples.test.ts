import { describe, expect, it } from "vitest";
import { extractBlocks, mapLine, toSamples } from "./extract-samples";

const markdown = [
  "# Title", // 1
  "", // 2
  "```ts", // 3
  "// @setup", // 4
  "const a = 1;", // 5
  "```", // 6
  "", // 7
  "```sh", // 8
  "pnpm demo", // 9
  "```", // 10
  "", // 11
  "````typescript", // 12
  "const b: number = a;", // 13
  "```", // 14: inside the four-backtick block
  "````", // 15
  "```ts", // 16
  "// @fragment", // 17
  "partial(code);", // 18
  "```", // 19
].join("\n");

describe("extractBlocks / toSamples", () => {
  it("finds ts blocks with their first code line, skipping other languages", () => {
    const blocks = extractBlocks("doc.md", markdown);
    expect(blocks.map((b) => [b.line, b.isSetup, b.isFragment])).toEqual([
      [4, true, false],
      [13, false, false],
      [17, false, true],
    ]);
    expect(blocks[1]?.code).toBe("const b: number = a;\n```");
  });

  it("prepends setup blocks and maps lines back to the Markdown file", () => {
    const [setup, sample, fragment] = toSamples(extractBlocks("doc.md", markdown));
    expect(fragment?.block.isFragment).toBe(true);
    expect(setup?.setup).toEqual([]);
    expect(sample?.source).toBe("// @setup\nconst a = 1;\nconst b: number = a;\n```\n");
    if (!sample) throw new Error("no sample");
    expect(mapLine(sample, 1)).toEqual({ file: "doc.md", line: 5 });
    expect(mapLine(sample, 2)).toEqual({ file: "doc.md", line: 13 });
  });
});
