import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  classify,
  DocInput,
  DocOutput,
  extract,
  labelled,
  merge,
  summarize,
} from "../__fixtures__/stages";
import { isStageflowError } from "../errors/stageflow-error";
import { Workflow } from "./workflow";
import { WorkflowBuilder } from "./workflow-builder";

const workflow = new WorkflowBuilder("docs", "Docs", "Document pipeline", DocInput, DocOutput)
  .pipe(extract)
  .parallel([classify, summarize])
  .pipe(merge)
  .build();

const withLabels = new WorkflowBuilder("labels", "Labels", "", z.object({}), z.object({}))
  .pipe(extract)
  .pipe(labelled)
  .build();

describe("Workflow", () => {
  it("exposes its identity and schemas, frozen", () => {
    expect(workflow.id).toBe("docs");
    expect(workflow.name).toBe("Docs");
    expect(workflow.description).toBe("Document pipeline");
    expect(workflow.inputSchema).toBe(DocInput);
    expect(workflow.outputSchema).toBe(DocOutput);
    expect(Object.isFrozen(workflow)).toBe(true);
    expect(Object.isFrozen(workflow.getExecutionPlan())).toBe(true);
    expect(Object.isFrozen(workflow.getExecutionPlan()[1]?.stages)).toBe(true);
  });

  it("looks up stages and groups", () => {
    expect(workflow.getStageIds()).toEqual(["extract", "classify", "summarize", "merge"]);
    expect(workflow.getStages().map((s) => s.id)).toEqual(workflow.getStageIds());
    expect(workflow.getStage("summarize")).toBe(summarize);
    expect(workflow.getStage("nope")).toBeUndefined();
    expect(workflow.getGroupIndex("extract")).toBe(1);
    expect(workflow.getGroupIndex("summarize")).toBe(2);
    expect(workflow.getGroupIndex("merge")).toBe(3);
    expect(workflow.getGroupIndex("nope")).toBeUndefined();
    expect(workflow.getGroup(2)?.stages.map((s) => s.id)).toEqual(["classify", "summarize"]);
    expect(workflow.getGroup(0)).toBeUndefined();
    expect(workflow.getGroup(4)).toBeUndefined();
  });

  it("validates when constructed directly", () => {
    const make = () =>
      new Workflow({
        id: "direct",
        name: "Direct",
        description: "",
        inputSchema: z.object({}),
        outputSchema: z.object({}),
        groups: [[classify]],
      });
    expect(make).toThrow(/"classify" depends on "extract"/);
  });
});

describe("config", () => {
  it("builds defaults from each stage's config schema", () => {
    expect(workflow.getDefaultConfig()).toEqual({
      extract: { maxPages: 100 },
      classify: { model: "small" },
      summarize: { maxWords: 200 },
      merge: {},
    });
  });

  it("leaves out stages whose config cannot be defaulted", () => {
    expect(withLabels.getDefaultConfig()).toEqual({ extract: { maxPages: 100 } });
  });

  it("returns a fresh defaults object each time", () => {
    const first = workflow.getDefaultConfig();
    first.extract = "changed";
    expect(workflow.getDefaultConfig().extract).toEqual({ maxPages: 100 });
  });

  it("merges overrides over defaults, shallowly per stage", () => {
    expect(workflow.mergeConfig({ summarize: { maxWords: 50 }, extract: undefined })).toEqual({
      extract: { maxPages: 100 },
      classify: { model: "small" },
      summarize: { maxWords: 50 },
      merge: {},
    });
    expect(workflow.mergeConfig()).toEqual(workflow.getDefaultConfig());
    expect(withLabels.mergeConfig({ labelled: { labels: ["x"] } }).labelled).toEqual({
      labels: ["x"],
    });
  });

  it("keeps unknown ids and non-object values for validateConfig to reject", () => {
    const merged = workflow.mergeConfig({ ghost: { a: 1 }, merge: 5 });
    expect(merged.ghost).toEqual({ a: 1 });
    expect(merged.merge).toBe(5);
    expect(workflow.validateConfig(merged).success).toBe(false);
  });

  it("parses a valid config per stage, applying defaults", () => {
    const result = workflow.validateConfig({ summarize: { maxWords: 10 } });
    expect(result).toEqual({
      success: true,
      config: {
        extract: { maxPages: 100 },
        classify: { model: "small" },
        summarize: { maxWords: 10 },
        merge: {},
      },
    });
    expect(workflow.validateConfig(workflow.getDefaultConfig()).success).toBe(true);
  });

  it("names every failing stage and unknown stage id", () => {
    const result = workflow.validateConfig({
      extract: { maxPages: "many" },
      summarize: { maxWords: -1 },
      ghost: {},
    });
    if (result.success) throw new Error("expected failure");
    const { error } = result;
    expect(isStageflowError(error)).toBe(true);
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toMatch(/stage "extract"/);
    expect(error.message).toMatch(/stage "summarize"/);
    expect(error.message).toMatch(/unknown stage id "ghost"/);
    expect(error.message).not.toMatch(/"classify"/);
    expect(error.issues.map((i) => [i.stageId, i.path])).toEqual([
      ["extract", "extract.maxPages"],
      ["summarize", "summarize.maxWords"],
      ["ghost", "ghost"],
    ]);
  });

  it("reports a stage whose required config is missing", () => {
    const result = withLabels.validateConfig({});
    if (result.success) throw new Error("expected failure");
    expect(result.error.issues).toEqual([
      { path: "labelled.labels", message: expect.any(String), stageId: "labelled" },
    ]);
  });

  it("rejects a config that is not an object", () => {
    for (const config of [null, [], "x", 3]) {
      const result = workflow.validateConfig(config);
      expect(result.success).toBe(false);
      if (!result.success) expect(result.error.message).toMatch(/keyed by stage id/);
    }
  });
});

describe("input and output", () => {
  it("parses a valid input", () => {
    expect(workflow.validateInput({ url: "u" })).toEqual({ success: true, input: { url: "u" } });
  });

  it("rejects an invalid input with issues", () => {
    const result = workflow.validateInput({ url: 1 });
    if (result.success) throw new Error("expected failure");
    expect(result.error.code).toBe("VALIDATION_FAILED");
    expect(result.error.message).toMatch(/workflow "docs".*url/);
    expect(result.error.issues[0]?.path).toBe("url");
    expect(result.error.cause).toBeDefined();
  });

  it("parses stage outputs against their schema", () => {
    expect(workflow.parseStageOutput("summarize", { summary: "s" })).toEqual({
      success: true,
      output: { summary: "s" },
    });
    const bad = workflow.parseStageOutput("summarize", { summary: 2 });
    if (bad.success) throw new Error("expected failure");
    expect(bad.error.issues[0]).toMatchObject({ path: "summary", stageId: "summarize" });
    const unknown = workflow.parseStageOutput("ghost", {});
    expect(unknown.success).toBe(false);
  });
});
