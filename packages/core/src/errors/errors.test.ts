import { describe, expect, it } from "vitest";
import { MissingStageOutputError } from "./missing-stage-output-error";
import { isNonRetryableError, NonRetryableError } from "./non-retryable-error";
import { isStageflowError, STAGEFLOW_ERROR_BRAND, StageflowError } from "./stageflow-error";
import { ValidationError } from "./validation-error";
import { WorkflowDefinitionError } from "./workflow-definition-error";

describe("StageflowError", () => {
  it("carries code, name, cause, retryable and details", () => {
    const cause = new Error("socket closed");
    const error = new StageflowError("Upstream failed", {
      code: "UPSTREAM",
      cause,
      retryable: true,
      details: { host: "api" },
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe("Upstream failed");
    expect(error.name).toBe("StageflowError");
    expect(error.code).toBe("UPSTREAM");
    expect(error.cause).toBe(cause);
    expect(error.retryable).toBe(true);
    expect(error.details).toEqual({ host: "api" });
  });

  it("defaults to not retryable, no cause and no details", () => {
    const error = new StageflowError("x", { code: "X" });
    expect(error.retryable).toBe(false);
    expect("cause" in error).toBe(false);
    expect(error.details).toBeUndefined();
  });

  it("is recognised across copies of the package through the registered brand", () => {
    const foreignBrand: unique symbol = Symbol.for("stageflow.error");
    class ForeignError extends Error {
      readonly [foreignBrand] = true;
      readonly code = "FOREIGN";
    }
    expect(STAGEFLOW_ERROR_BRAND).toBe(Symbol.for("stageflow.error"));
    expect(isStageflowError(new ForeignError("from another copy"))).toBe(true);
    expect(isStageflowError(new StageflowError("ours", { code: "OURS" }))).toBe(true);
  });

  it("rejects look-alikes", () => {
    expect(isStageflowError(new Error("plain"))).toBe(false);
    expect(isStageflowError({ code: "X" })).toBe(false);
    expect(isStageflowError({ [STAGEFLOW_ERROR_BRAND]: true })).toBe(false);
    expect(isStageflowError(null)).toBe(false);
    expect(isStageflowError("VALIDATION_FAILED")).toBe(false);
  });
});

describe("subclasses", () => {
  it("ValidationError has its code and issues", () => {
    const issues = [{ path: "a.b", message: "Required", stageId: "a" }];
    const error = new ValidationError("Invalid config", issues);
    expect(isStageflowError(error)).toBe(true);
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.name).toBe("ValidationError");
    expect(error.retryable).toBe(false);
    expect(error.issues).toEqual(issues);
    expect(Object.isFrozen(error.issues)).toBe(true);
  });

  it("NonRetryableError is identified by isNonRetryableError", () => {
    const cause = new Error("404");
    const error = new NonRetryableError("Document not found", { cause });
    expect(error.code).toBe("NON_RETRYABLE");
    expect(error.name).toBe("NonRetryableError");
    expect(error.retryable).toBe(false);
    expect(error.cause).toBe(cause);
    expect(isNonRetryableError(error)).toBe(true);
    expect(isNonRetryableError(new StageflowError("x", { code: "OTHER" }))).toBe(false);
    expect(isNonRetryableError(new Error("x"))).toBe(false);
  });

  it("WorkflowDefinitionError carries its code and stage id", () => {
    const error = new WorkflowDefinitionError("UNKNOWN_DEPENDENCY", "bad", {
      stageId: "merge",
      workflowId: "docs",
    });
    expect(error.code).toBe("UNKNOWN_DEPENDENCY");
    expect(error.name).toBe("WorkflowDefinitionError");
    expect(error.stageId).toBe("merge");
    expect(error.workflowId).toBe("docs");
    expect(isStageflowError(error)).toBe(true);
  });

  it("MissingStageOutputError explains the fix", () => {
    const error = new MissingStageOutputError("merge", "extract");
    expect(error.code).toBe("MISSING_STAGE_OUTPUT");
    expect(error.name).toBe("MissingStageOutputError");
    expect(error.stageId).toBe("merge");
    expect(error.missingStageId).toBe("extract");
    expect(error.message).toBe(
      'Stage "merge" requires the output of "extract", which is not available. Add it to dependencies and place it in an earlier group.',
    );
  });
});
