import { isStageflowError } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { AIError, isAIError } from "./ai-error";
import { SdkMissingError } from "./sdk-missing-error";

describe("SdkMissingError", () => {
  it("names the provider and the package to install, and is not retryable", () => {
    const cause = new Error("Cannot find package 'openai'");
    const error = new SdkMissingError("openai", "openai", { label: "OpenAI", cause });
    expect(error).toMatchObject({
      name: "SdkMissingError",
      code: "AI_PROVIDER_NOT_CONFIGURED",
      provider: "openai",
      packageName: "openai",
      retryable: false,
      message:
        "The OpenAI provider needs the `openai` package to construct a client: npm i openai " +
        "(or pass { client }).",
    });
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(AIError);
    expect(isAIError(error)).toBe(true);
    expect(isStageflowError(error)).toBe(true);
  });

  it("names the provider by its name without a label", () => {
    const error = new SdkMissingError("mistral", "@mistralai/mistralai");
    expect(error.message).toBe(
      "The mistral provider needs the `@mistralai/mistralai` package to construct a client: " +
        "npm i @mistralai/mistralai (or pass { client }).",
    );
    expect(error.cause).toBeUndefined();
  });

  it("keeps a subclass's own name", () => {
    class AcmeSdkMissingError extends SdkMissingError {
      override readonly name: string = "AcmeSdkMissingError";
      constructor(cause: unknown) {
        super("acme", "@acme/sdk", { label: "Acme", cause });
      }
    }
    const error = new AcmeSdkMissingError(undefined);
    expect(error).toBeInstanceOf(SdkMissingError);
    expect(error).toMatchObject({ name: "AcmeSdkMissingError", packageName: "@acme/sdk" });
    expect(error.message).toContain("npm i @acme/sdk");
  });
});
