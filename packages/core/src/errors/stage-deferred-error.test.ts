import { describe, expect, it } from "vitest";
import { isStageDeferral, StageDeferredError } from "./stage-deferred-error";
import { StageflowError } from "./stageflow-error";

describe("StageDeferredError", () => {
  it("is a retryable StageflowError carrying the wait, recognized by shape", () => {
    const error = new StageDeferredError("quota exhausted", 1_234.2, { details: { quota: "q" } });
    expect(error).toMatchObject({
      name: "StageDeferredError",
      code: "STAGE_DEFERRED",
      retryable: true,
      deferred: true,
      retryAfterMs: 1_235,
      details: { quota: "q" },
    });
    expect(isStageDeferral(error)).toBe(true);
    expect(new StageDeferredError("x", -5).retryAfterMs).toBe(0);
  });

  it("accepts any branded error with deferred: true and a finite retryAfterMs >= 0", () => {
    const other = Object.assign(new StageflowError("wait", { code: "OTHER" }), {
      deferred: true,
      retryAfterMs: 10,
    });
    expect(isStageDeferral(other)).toBe(true);
    for (const retryAfterMs of [Number.NaN, -1, Number.POSITIVE_INFINITY, "10"]) {
      const bad = Object.assign(new StageflowError("wait", { code: "OTHER" }), {
        deferred: true,
        retryAfterMs,
      });
      expect(isStageDeferral(bad)).toBe(false);
    }
    expect(isStageDeferral({ deferred: true, retryAfterMs: 10, code: "X" })).toBe(false); // unbranded
    expect(isStageDeferral(new StageflowError("no", { code: "X" }))).toBe(false);
  });
});
