/**
 * The four providers under test: the three official SDKs against their loopback fakes, and the
 * offline provider. Each says how to count its batch submissions and cancellations on the wire.
 */
import {
  type AICallLogger,
  type AIProvider,
  computeCost,
  createAIBatching,
  getModel,
  offlineProvider,
} from "@stageflow/ai";
import { anthropicProvider } from "@stageflow/ai-anthropic";
import { googleProvider } from "@stageflow/ai-google";
import { openaiProvider } from "@stageflow/ai-openai";
import type { AIBatchingPort } from "@stageflow/core";
import { startFakeAnthropicServer } from "../../../packages/ai-anthropic/test/fake-anthropic-server";
import { startFakeGoogleServer } from "../../../packages/ai-google/test/fake-google-server";
import { startFakeOpenAIServer } from "../../../packages/ai-openai/test/fake-openai-server";

/** A running provider under test. */
export interface Vendor {
  readonly name: string;
  readonly model: string;
  readonly provider: AIProvider;
  /** Provider batches submitted so far. */
  submissions(): number;
  /** Custom ids (request ids) sent in every submission so far. */
  submittedIds(): string[];
  /** Provider batches cancelled so far. */
  cancellations(): number;
  /** Makes batches stay running (true) or end at once (false). */
  hold(running: boolean): void;
  /** The batch price of one request's usage. */
  price(inputTokens: number, outputTokens: number): number;
  close(): Promise<void>;
}

type Recorded = { method: string; path: string; body: unknown };

function priceOf(model: string) {
  return (inputTokens: number, outputTokens: number) =>
    computeCost(getModel(model), { inputTokens, outputTokens }, { batch: true });
}

/**
 * Fails the first request (by custom id) whose prompt contains "flaky" — every time the fake asks
 * about that id — and no later one: the retried attempt's request succeeds.
 */
function flakyOnce() {
  let flakyId: string | undefined;
  return (id: string, text: string): string | undefined => {
    if (!text.includes("flaky")) return undefined;
    flakyId ??= id;
    return id === flakyId ? "fake flaky failure" : undefined;
  };
}

export async function openaiVendor(): Promise<Vendor> {
  const fail = flakyOnce();
  const server = await startFakeOpenAIServer({
    reply: (body) => `answer to ${JSON.stringify(body.messages)}`,
  });
  const running = { value: false };
  const apply = () =>
    server.setBatchBehaviour({
      statuses: running.value ? ["in_progress"] : ["completed"],
      failWhen: (id, body) => fail(id, JSON.stringify(body)),
    });
  apply();
  const wire = () => server.requests as unknown as Recorded[];
  const submitted = () => wire().filter((r) => r.method === "POST" && r.path === "/v1/batches");
  return {
    name: "openai",
    model: "gpt-4o-mini",
    provider: openaiProvider({ apiKey: "sk-batching-test", baseURL: server.url, maxRetries: 0 }),
    submissions: () => submitted().length,
    submittedIds: () =>
      wire()
        .filter((r) => r.method === "POST" && r.path === "/v1/files")
        .flatMap((r) =>
          [...String(JSON.stringify(r.body)).matchAll(/custom_id\\?":\\?"([^"\\]+)/g)].map(
            (m) => m[1] ?? "",
          ),
        ),
    cancellations: () =>
      wire().filter((r) => r.method === "POST" && r.path.endsWith("/cancel")).length,
    hold(value) {
      running.value = value;
      apply();
    },
    price: priceOf("gpt-4o-mini"),
    close: () => server.close(),
  };
}

export async function anthropicVendor(): Promise<Vendor> {
  const fail = flakyOnce();
  const server = await startFakeAnthropicServer();
  const running = { value: false };
  const apply = () =>
    server.setBatchBehaviour({
      phases: running.value ? ["processing"] : ["ended"],
      outcome: (id, params) => (fail(id, JSON.stringify(params)) ? "errored" : "succeeded"),
    });
  apply();
  const wire = () => server.requests as unknown as Recorded[];
  const submitted = () =>
    wire().filter((r) => r.method === "POST" && r.path === "/v1/messages/batches");
  return {
    name: "anthropic",
    model: "claude-haiku-5-5",
    provider: anthropicProvider({
      apiKey: "sk-ant-batching-test",
      baseURL: server.url,
      maxRetries: 0,
    }),
    submissions: () => submitted().length,
    submittedIds: () =>
      submitted().flatMap((r) =>
        ((r.body as { requests: { custom_id: string }[] }).requests ?? []).map((x) => x.custom_id),
      ),
    cancellations: () =>
      wire().filter((r) => r.method === "POST" && r.path.endsWith("/cancel")).length,
    hold(value) {
      running.value = value;
      apply();
    },
    price: priceOf("claude-haiku-5-5"),
    close: () => server.close(),
  };
}

export async function googleVendor(): Promise<Vendor> {
  const fail = flakyOnce();
  const server = await startFakeGoogleServer();
  const running = { value: false };
  const apply = () =>
    server.setBatchBehaviour({
      states: running.value ? ["RUNNING"] : ["SUCCEEDED"],
      failWhen: (key, request) => fail(key, JSON.stringify(request)),
    });
  apply();
  const wire = () => server.requests as unknown as Recorded[];
  const submitted = () =>
    wire().filter((r) => r.method === "POST" && r.path.endsWith(":batchGenerateContent"));
  return {
    name: "google",
    model: "gemini-2.5-flash",
    provider: googleProvider({ apiKey: "AIza-batching-test", baseURL: server.url, timeout: 5000 }),
    submissions: () => submitted().length,
    submittedIds: () =>
      submitted().flatMap((r) =>
        [...JSON.stringify(r.body).matchAll(/"key":"([^"]+)"/g)].map((m) => m[1] ?? ""),
      ),
    cancellations: () =>
      wire().filter((r) => r.method === "POST" && r.path.endsWith(":cancel")).length,
    hold(value) {
      running.value = value;
      apply();
    },
    price: priceOf("gemini-2.5-flash"),
    close: () => server.close(),
  };
}

/** The offline provider, its batch API wrapped to count submissions and cancellations. */
export async function offlineVendor(): Promise<Vendor> {
  const inner = offlineProvider({ batchDelayMs: 0 });
  const ids: string[] = [];
  let submissions = 0;
  let cancellations = 0;
  const api = inner.batch;
  if (api === undefined) throw new Error("the offline provider has a batch API");
  const provider: AIProvider = {
    ...inner,
    name: inner.name,
    generateText: (r) => inner.generateText(r),
    generateObject: (r) => inner.generateObject(r),
    batch: {
      async submit(model, requests) {
        submissions += 1;
        ids.push(...requests.map((r) => r.id));
        return api.submit(model, requests);
      },
      getStatus: (id) => api.getStatus(id),
      getResults: (id) => api.getResults(id),
      async cancel(id) {
        cancellations += 1;
        return api.cancel(id);
      },
    },
  };
  return {
    name: "offline",
    model: "offline-text",
    provider,
    submissions: () => submissions,
    submittedIds: () => [...ids],
    cancellations: () => cancellations,
    hold() {
      throw new Error("the offline provider's batches end after batchDelayMs");
    },
    price: () => 0,
    close: async () => {},
  };
}

/** The kernel's batching port on one vendor, with its group settings. */
export function batchingPortFor(
  vendor: Vendor,
  logger: AICallLogger,
  settings: { maxRequests: number; maxDelayMs: number; pollIntervalMs: number },
): AIBatchingPort {
  return createAIBatching({
    providers: [vendor.provider],
    logger,
    groups: { [vendor.name]: settings },
  });
}
