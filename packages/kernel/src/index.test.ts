import * as core from "@stageflow/core";
import { describe, expect, it } from "vitest";
import * as kernel from "./index";

describe("@stageflow/kernel error re-exports", () => {
  it("re-exports core's error classes and guards as the same objects", () => {
    expect(kernel.StageflowError).toBe(core.StageflowError);
    expect(kernel.isStageflowError).toBe(core.isStageflowError);
    expect(kernel.ValidationError).toBe(core.ValidationError);
    expect(kernel.NonRetryableError).toBe(core.NonRetryableError);
    expect(kernel.isNonRetryableError).toBe(core.isNonRetryableError);
  });

  it("lets stage authors throw and recognise a NonRetryableError through the kernel", () => {
    const error = new kernel.NonRetryableError("bad input");
    expect(kernel.isNonRetryableError(error)).toBe(true);
    expect(kernel.isStageflowError(error)).toBe(true);
    expect(kernel.isRetryableFailure(error)).toBe(false);
  });
});
