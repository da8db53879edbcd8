/**
 * GenAI spans of the AI helper used outside a stage (`telemetry` option) through the real OpenAI
 * SDK on the loopback fake: content recorded only with `captureContent: true`, credentials never.
 */
import { SpanKind } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { createAIHelper } from "@stageflow/ai";
import { openaiProvider } from "@stageflow/ai-openai";
import { otelTelemetry } from "@stageflow/otel";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeOpenAIServer,
  startFakeOpenAIServer,
} from "../../../packages/ai-openai/test/fake-openai-server";

const API_KEY = "sk-genai-content-test-9d1e77";
const PASTED_KEY = "sk-pasted-into-a-prompt-123456";

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer();
});
afterAll(() => server?.close());

async function callWith(captureContent: boolean) {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const ai = createAIHelper("content", undefined, {
    providers: [openaiProvider({ apiKey: API_KEY, baseURL: server.url })],
    telemetry: otelTelemetry({ tracerProvider, captureContent }),
  });
  await ai.generateText("gpt-4o-mini", `Summarize: my key is ${PASTED_KEY}`, {
    system: "Be brief",
    temperature: 0.2,
  });
  await ai.embed("text-embedding-3-small", ["a", "bb"]);
  return exporter.getFinishedSpans();
}

describe("GenAI content capture", () => {
  it("records no prompt or completion by default", async () => {
    const [chat, embed] = await callWith(false);
    expect(chat?.name).toBe("chat gpt-4o-mini");
    expect(chat?.kind).toBe(SpanKind.CLIENT);
    expect(chat?.attributes["gen_ai.request.temperature"]).toBe(0.2);
    expect(
      Object.keys(chat?.attributes ?? {}).filter((k) => /messages|instructions/.test(k)),
    ).toEqual([]);
    expect(embed?.name).toBe("embeddings text-embedding-3-small");
    expect(embed?.attributes["gen_ai.usage.input_tokens"]).toBeGreaterThan(0);
  });

  it("records prompt, system instructions and completion with captureContent, keys redacted", async () => {
    const spans = await callWith(true);
    const chat = spans.find((s) => s.name === "chat gpt-4o-mini");
    const input = JSON.parse(String(chat?.attributes["gen_ai.input.messages"]));
    expect(input).toEqual([
      {
        role: "user",
        parts: [{ type: "text", content: "Summarize: my key is [redacted]" }],
      },
    ]);
    expect(JSON.parse(String(chat?.attributes["gen_ai.system_instructions"]))).toEqual([
      { type: "text", content: "Be brief" },
    ]);
    const output = JSON.parse(String(chat?.attributes["gen_ai.output.messages"]));
    expect(output).toEqual([
      {
        role: "assistant",
        parts: [{ type: "text", content: "echo: Summarize: my key is [redacted]" }],
        finish_reason: "stop",
      },
    ]);
    const everything = JSON.stringify(spans.map((s) => s.attributes));
    expect(everything).not.toContain(API_KEY);
    expect(everything).not.toContain(PASTED_KEY);
  });
});
