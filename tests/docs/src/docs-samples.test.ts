import { beforeAll, describe, expect, it } from "vitest";
import { collectSamples, type SampleErrors, typeCheckSamples } from "./check-samples";

const samples = collectSamples();

describe("TypeScript samples in the documentation", () => {
  let errors: SampleErrors;
  beforeAll(() => {
    errors = typeCheckSamples(samples);
  });

  it("finds samples in every guide", () => {
    const files = new Set(samples.map((s) => s.block.file));
    for (const guide of [
      "docs/getting-started.md",
      "docs/concepts.md",
      "docs/persistence.md",
      "docs/async-batch-stages.md",
      "docs/ai.md",
      "docs/testing.md",
      "docs/operations.md",
      "docs/observability.md",
    ]) {
      expect(files, guide).toContain(guide);
    }
  });

  it("compile without errors outside the samples", () => {
    expect(errors.get("(global)") ?? []).toEqual([]);
  });

  it.each(samples.map((s) => [`${s.block.file}:${s.block.line}`, s] as const))(
    "%s type-checks",
    (_where, sample) => {
      const found = errors.get(sample.id) ?? [];
      expect(found, `\n${found.join("\n")}\n`).toEqual([]);
    },
  );
});
