import { describe, expect, it } from "vitest";
import { z } from "zod";
import { classify, extract, memoryStorage } from "../__fixtures__/stages";
import { createStageContext } from "../context/create-stage-context";
import { isStageflowError } from "../errors/stageflow-error";
import { defineAsyncBatchStage } from "./define-async-batch-stage";
import { defineStage } from "./define-stage";

const schemas = { input: "none", output: z.object({}), config: z.object({}) } as const;
const valid = {
  id: "ok",
  name: "Ok",
  schemas,
  async execute() {
    return { output: {} };
  },
};

/** Calls defineStage with a definition the types would reject. */
function defineUnchecked(definition: Record<string, unknown>) {
  return defineStage(definition as never);
}

function definitionError(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (isStageflowError(error)) return error;
    throw error;
  }
  throw new Error("expected a WorkflowDefinitionError");
}

describe("defineStage", () => {
  it("returns a frozen sync stage with normalised fields", () => {
    expect(extract.id).toBe("extract");
    expect(extract.name).toBe("Extract");
    expect(extract.mode).toBe("sync");
    expect(extract.description).toBeUndefined();
    expect(extract.dependencies).toEqual([]);
    expect(extract.retry).toBeUndefined();
    expect(Object.isFrozen(extract)).toBe(true);
    expect(Object.isFrozen(extract.dependencies)).toBe(true);
    expect(Object.isFrozen(extract.schemas)).toBe(true);
    expect(classify.dependencies).toEqual(["extract"]);
    expect(classify.schemas.input).toBe("none");
  });

  it("keeps description, retry and the zod schemas", () => {
    const output = z.object({ n: z.number() });
    const stage = defineStage({
      id: "with-extras",
      name: "Extras",
      description: "Has everything",
      retry: { maxAttempts: 1 },
      schemas: { input: "none", output, config: z.object({}) },
      async execute() {
        return { output: { n: 1 } };
      },
    });
    expect(stage.description).toBe("Has everything");
    expect(stage.retry).toEqual({ maxAttempts: 1 });
    expect(stage.schemas.output).toBe(output);
  });

  it("runs the body with the context it is given", async () => {
    const ctx = createStageContext({
      input: { url: "https://example.com" },
      config: { maxPages: 3 },
      workflowRunId: "run-1",
      stageId: "extract",
      stageRecordId: "rec-1",
      workflowContext: {},
      storage: memoryStorage(),
      schemas: extract.schemas,
    });
    await expect(extract.execute(ctx)).resolves.toEqual({
      output: { text: "text of https://example.com", pages: 3 },
    });
    const { execute } = extract;
    await expect(execute(ctx)).resolves.toMatchObject({ output: { pages: 3 } });
  });

  it("accepts ids made of letters, digits and . _ : -", () => {
    expect(defineStage({ ...valid, id: "a.B_9:x-y" }).id).toBe("a.B_9:x-y");
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ["empty id", { ...valid, id: "" }, /id must be a non-empty string/],
    ["whitespace id", { ...valid, id: "   " }, /id must be a non-empty string/],
    ["non-string id", { ...valid, id: 42 }, /id must be a non-empty string/],
    ["id with a space", { ...valid, id: "my stage" }, /"my stage".*id may only contain/],
    ["id with a slash", { ...valid, id: "a/b" }, /"a\/b".*id may only contain/],
    ["empty name", { ...valid, name: "" }, /"ok".*name must be a non-empty string/],
    ["whitespace name", { ...valid, name: " \t" }, /"ok".*name must be/],
    ["missing execute", { ...valid, execute: undefined }, /"ok".*execute must be a function/],
    ["non-function execute", { ...valid, execute: "run" }, /"ok".*execute must be a function/],
    [
      "maxAttempts 0",
      { ...valid, retry: { maxAttempts: 0 } },
      /"ok".*maxAttempts must be an integer >= 1/,
    ],
    ["maxAttempts -1", { ...valid, retry: { maxAttempts: -1 } }, /"ok".*maxAttempts/],
    ["fractional maxAttempts", { ...valid, retry: { maxAttempts: 1.5 } }, /maxAttempts/],
    ["negative delay", { ...valid, retry: { backoff: { initialDelayMs: -1 } } }, /initialDelayMs/],
    ["multiplier < 1", { ...valid, retry: { backoff: { multiplier: 0.5 } } }, /multiplier/],
    ["NaN maxDelayMs", { ...valid, retry: { backoff: { maxDelayMs: Number.NaN } } }, /maxDelayMs/],
    ["missing schemas", { ...valid, schemas: undefined }, /"ok".*schemas must be an object/],
    ["bad input schema", { ...valid, schemas: { ...schemas, input: "all" } }, /schemas.input/],
    ["bad output schema", { ...valid, schemas: { ...schemas, output: {} } }, /schemas.output/],
    ["bad config schema", { ...valid, schemas: { ...schemas, config: null } }, /schemas.config/],
    ["self dependency", { ...valid, dependencies: ["ok"] }, /cannot depend on itself/],
    ["repeated dependency", { ...valid, dependencies: ["a", "a"] }, /must not repeat/],
    ["non-string dependency", { ...valid, dependencies: [1] }, /dependencies must be an array/],
    ["async-batch mode", { ...valid, mode: "async-batch" }, /checkCompletion/],
    ["unknown mode", { ...valid, mode: "stream" }, /mode must be/],
  ];

  it.each(bad)("rejects %s with INVALID_STAGE_DEFINITION", (_label, definition, message) => {
    const error = definitionError(() => defineUnchecked(definition));
    expect(error.code).toBe("INVALID_STAGE_DEFINITION");
    expect(error.name).toBe("WorkflowDefinitionError");
    expect(error.message).toMatch(message);
  });

  it("names the stage in the error", () => {
    const error = definitionError(() => defineUnchecked({ ...valid, id: "named", name: "" }));
    expect(error).toMatchObject({ stageId: "named" });
  });
});

describe("defineAsyncBatchStage validation", () => {
  it("requires checkCompletion", () => {
    const error = definitionError(() =>
      defineAsyncBatchStage({ ...valid, id: "batch", mode: "async-batch" } as never),
    );
    expect(error.code).toBe("INVALID_STAGE_DEFINITION");
    expect(error.message).toMatch(/"batch".*checkCompletion/);
  });

  it("rejects a non-function onCancel", () => {
    const error = definitionError(() =>
      defineAsyncBatchStage({
        ...valid,
        id: "batch",
        mode: "async-batch",
        async checkCompletion() {
          return { ready: false };
        },
        onCancel: "cancel",
      } as never),
    );
    expect(error.code).toBe("INVALID_STAGE_DEFINITION");
    expect(error.message).toMatch(/"batch".*onCancel must be a function/);
  });

  it("accepts a missing or function onCancel", () => {
    const base = {
      ...valid,
      id: "batch",
      mode: "async-batch" as const,
      async checkCompletion() {
        return { ready: false as const };
      },
    };
    expect(defineAsyncBatchStage(base).onCancel).toBeUndefined();
    expect(typeof defineAsyncBatchStage({ ...base, async onCancel() {} }).onCancel).toBe(
      "function",
    );
  });

  it("requires the async-batch mode marker", () => {
    const error = definitionError(() =>
      defineAsyncBatchStage({
        ...valid,
        id: "batch",
        async checkCompletion() {
          return { ready: false };
        },
      } as never),
    );
    expect(error.code).toBe("INVALID_STAGE_DEFINITION");
    expect(error.message).toMatch(/checkCompletion|mode/);
  });
});
