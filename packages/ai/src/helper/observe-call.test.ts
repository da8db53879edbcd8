import type { AICallEnd, AICallStart, StageTelemetry } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { fakeProvider } from "../../test/fake-provider";
import { createAIHelper } from "./create-ai-helper";

/** A telemetry that records what the helper reports. */
function recordingTelemetry(capturesContent: boolean) {
  const calls: { start: AICallStart; end?: AICallEnd }[] = [];
  const telemetry: StageTelemetry = {
    capturesContent,
    startAICall(start) {
      const call: { start: AICallStart; end?: AICallEnd } = { start };
      calls.push(call);
      return {
        end(result) {
          call.end = result;
        },
      };
    },
  };
  return { telemetry, calls };
}

const SECRET = "sk-live-abcdefghijklmnop1234";

describe("AI call telemetry", () => {
  it("observes a text call from the bound stage's telemetry: model, tokens, cost, response id", async () => {
    const openai = fakeProvider();
    openai.answer({
      text: "Hello",
      inputTokens: 1000,
      outputTokens: 500,
      finishReason: "stop",
      responseId: "chatcmpl-1",
    });
    const { telemetry, calls } = recordingTelemetry(false);
    const ai = createAIHelper("greet", undefined, {
      providers: [openai],
      stage: { workflowRunId: "r", stageId: "s", telemetry },
    });
    await ai.generateText("gpt-4o", "Say hello", { system: "Be brief", maxTokens: 50 });
    expect(calls).toEqual([
      {
        start: { operation: "chat", provider: "openai", model: "gpt-4o", maxTokens: 50 },
        end: {
          inputTokens: 1000,
          outputTokens: 500,
          costUsd: 0.0075,
          responseId: "chatcmpl-1",
          finishReasons: ["stop"],
          output: undefined,
        },
      },
    ]);
  });

  it("passes content only when the telemetry captures it, with credentials redacted", async () => {
    const openai = fakeProvider();
    openai.answer({ text: `echo ${SECRET}`, inputTokens: 1, outputTokens: 1 });
    const { telemetry, calls } = recordingTelemetry(true);
    const ai = createAIHelper("t", undefined, { providers: [openai], telemetry });
    await ai.generateText("gpt-4o", `my key is ${SECRET}`, { system: "sys" });
    expect(calls[0]?.start.content).toEqual({
      system: "sys",
      input: "my key is [redacted]",
    });
    expect(calls[0]?.end?.output).toBe("echo [redacted]");
    expect(JSON.stringify(calls)).not.toContain(SECRET);
  });

  it("ends the observation with the error of a failed call, and observes embeddings", async () => {
    const openai = fakeProvider();
    const failure = new Error("vendor down");
    openai.answer(failure);
    const { telemetry, calls } = recordingTelemetry(false);
    const ai = createAIHelper("t", undefined, { providers: [openai], telemetry });
    await expect(ai.generateText("gpt-4o", "x")).rejects.toBe(failure);
    await ai.embed("text-embedding-3-small", ["a", "b"]);
    expect(calls.map((c) => [c.start.operation, c.start.model, c.end?.error])).toEqual([
      ["chat", "gpt-4o", failure],
      ["embeddings", "text-embedding-3-small", undefined],
    ]);
  });
});
