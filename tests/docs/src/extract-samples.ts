/**
 * Finds the TypeScript samples of a Markdown file.
 *
 * Conventions (also described in docs/README.md):
 * - Every fenced block tagged `ts` or `typescript` is a sample and must type-check on its own:
 *   imports included. A value a sample takes as given is declared: `declare const db: Kysely<…>`.
 * - A block whose first line is `// @setup` is shared setup: it is checked, and it is prepended to
 *   every later sample of the same file (several setup blocks accumulate in order).
 * - A block whose first line is `// @fragment` is intentionally partial (a few lines out of a
 *   larger whole) and is not checked. Keep these rare: a sample that declares what it takes as
 *   given is better.
 * - Blocks in other languages (`sh`, `text`, `json`, …) are not checked.
 */

/** One fenced TypeScript block. */
export interface CodeBlock {
  /** The Markdown file, relative to the repository root. */
  readonly file: string;
  /** 1-based line in the Markdown file of the block's first code line. */
  readonly line: number;
  readonly code: string;
  readonly isSetup: boolean;
  /** First line `// @fragment`: partial on purpose, not compiled. */
  readonly isFragment: boolean;
}

/** A sample ready to compile: its code with the setup before it, and how to map lines back. */
export interface Sample {
  readonly id: string;
  readonly block: CodeBlock;
  /** Setup blocks prepended, in order. */
  readonly setup: readonly CodeBlock[];
  readonly source: string;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/;
const TS_LANGS = new Set(["ts", "typescript"]);

/** A line of only the fence's character, at least as many as opened it. */
function isClosingFence(line: string, fence: string): boolean {
  const text = line.trim();
  return text.length >= fence.length && [...text].every((c) => c === fence[0]);
}

/** Every fenced `ts` block of `markdown`, with its position. */
export function extractBlocks(file: string, markdown: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? "");
    if (!open) continue;
    const [, indent = "", fence = "", lang = ""] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j] ?? "";
      if (isClosingFence(line, fence)) break;
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line);
    }
    if (TS_LANGS.has(lang.toLowerCase())) {
      const code = body.join("\n");
      blocks.push({
        file,
        line: i + 2,
        code,
        isSetup: /^\s*\/\/\s*@setup\b/.test(code),
        isFragment: /^\s*\/\/\s*@fragment\b/.test(code),
      });
    }
    i = j;
  }
  return blocks;
}

/** The samples of one file: each block with the setup blocks that precede it. */
export function toSamples(blocks: readonly CodeBlock[]): Sample[] {
  const setup: CodeBlock[] = [];
  return blocks.map((block, index) => {
    const prefix = [...setup];
    if (block.isSetup) setup.push(block);
    const source = [...prefix.map((s) => s.code), block.code].join("\n");
    return { id: `${block.file}#${index + 1}`, block, setup: prefix, source: `${source}\n` };
  });
}

/** Maps a 0-based line of a sample's source back to a Markdown file and 1-based line. */
export function mapLine(sample: Sample, sourceLine: number): { file: string; line: number } {
  let offset = sourceLine;
  for (const part of [...sample.setup, sample.block]) {
    const count = part.code.split("\n").length;
    if (offset < count) return { file: part.file, line: part.line + offset };
    offset -= count;
  }
  return { file: sample.block.file, line: sample.block.line };
}
