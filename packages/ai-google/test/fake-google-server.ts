/**
 * A loopback fake of the Gemini Developer API (`/v1beta`) that the real `@google/genai` SDK talks
 * to through `httpOptions.baseUrl`: `:generateContent`, `:batchEmbedContents`, and batch jobs with
 * inline requests (`:batchGenerateContent`, embedding jobs `:asyncBatchEmbedContent`,
 * `GET batches/…`, `:cancel`). Every request is recorded;
 * the API key must arrive in `x-goog-api-key`.
 *
 * Importable by relative path from other packages' tests:
 * `import { startFakeGoogleServer } from "../../ai-google/test/fake-google-server";`
 */
import {
  type FakeFailure as FakeHttpFailure,
  type FakeVendorServer,
  startFakeHttpServer,
} from "../../ai/test/fake-http-server";

/** A canned error answer for the next matching request (`headers` are ignored: Google sends none). */
export interface FakeFailure extends FakeHttpFailure {
  /** Adds a `google.rpc.RetryInfo` detail, e.g. `"2s"`. */
  retryDelay?: string;
}

/** How batch jobs behave. */
export interface FakeBatchBehaviour {
  /** `BATCH_STATE_*` suffixes returned by successive gets; the last sticks. Default PENDING → RUNNING → SUCCEEDED. */
  states: string[];
  /** Return an error message to fail a request. Default: its text contains "fail". */
  failWhen: (key: string, request: Json) => string | undefined;
}

type Json = Record<string, unknown>;

/** Options of {@link startFakeGoogleServer}. */
export interface FakeGoogleServerOptions {
  /** Model text for a generateContent body; default `echo: <last text part>`. */
  reply?: (body: Json) => string;
  /** Thinking tokens reported in `usageMetadata.thoughtsTokenCount` (default none). */
  thoughtsTokens?: number;
}

/** A running fake; `url` is the origin to pass as `httpOptions.baseUrl`. */
export type FakeGoogleServer = FakeVendorServer<FakeFailure, FakeBatchBehaviour>;

interface FakeBatch {
  /** Embedding jobs answer `{ embedding }` per request, in request order, without keys. */
  embeddings?: boolean;
  model: string;
  displayName: unknown;
  requests: Array<{ request: Json; metadata?: { key?: string } }>;
  gets: number;
  cancelled: boolean;
}

/** Deterministic embedding: values exact in binary floating point. */
export function fakeGoogleEmbedding(text: string, dimensions = 3): number[] {
  return Array.from({ length: dimensions }, (_, i) => (text.length + i) / 8);
}

/** Start the fake on 127.0.0.1 and an ephemeral port. */
export async function startFakeGoogleServer(
  options: FakeGoogleServerOptions = {},
): Promise<FakeGoogleServer> {
  const batches = new Map<string, FakeBatch>();
  let behaviour: FakeBatchBehaviour = {
    states: ["PENDING", "RUNNING", "SUCCEEDED"],
    failWhen: (_key, request) =>
      JSON.stringify(request).includes("fail") ? "fake failure" : undefined,
  };
  let seq = 0;
  const reply = options.reply ?? ((body) => `echo: ${lastText(body)}`);

  const generate = (body: Json): Json => {
    const text = reply(body);
    const prompt = lastText(body).length;
    const thoughts = options.thoughtsTokens ?? 0;
    const usageMetadata: Json = {
      promptTokenCount: prompt,
      candidatesTokenCount: text.length,
      totalTokenCount: prompt + text.length + thoughts,
    };
    if (thoughts > 0) usageMetadata.thoughtsTokenCount = thoughts;
    return {
      candidates: [
        { content: { role: "model", parts: [{ text }] }, finishReason: "STOP", index: 0 },
      ],
      usageMetadata,
      modelVersion: "fake-001",
    };
  };

  const operation = (name: string, batch: FakeBatch): Json => {
    const state = batch.cancelled
      ? batch.gets++ === 0
        ? "RUNNING"
        : "CANCELLED"
      : (behaviour.states[Math.min(batch.gets++, behaviour.states.length - 1)] ?? "SUCCEEDED");
    const metadata: Json = {
      "@type": "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch",
      model: batch.model,
      displayName: batch.displayName,
      state: `BATCH_STATE_${state}`,
      createTime: "2026-11-21T00:00:00Z",
      updateTime: "2026-11-21T00:10:00Z",
      batchStats: { requestCount: String(batch.requests.length) },
    };
    if (state === "SUCCEEDED") {
      metadata.endTime = "2026-11-21T01:00:00Z";
      const inlinedResponses = batch.embeddings
        ? batch.requests.map(({ request }) => {
            const content = (request.content ?? {}) as Json;
            const text = lastText({ contents: [content] });
            return behaviour.failWhen("", request)
              ? { error: { code: 400, message: "fake embedding failure" } }
              : {
                  response: {
                    embedding: { values: fakeGoogleEmbedding(text) },
                    tokenCount: String(text.length),
                  },
                };
          })
        : batch.requests
            .map(({ request, metadata: meta }) => {
              const reason = behaviour.failWhen(meta?.key ?? "", request);
              return reason
                ? { error: { code: 400, message: reason }, metadata: meta }
                : { response: generate(request), metadata: meta };
            })
            .reverse();
      metadata.output = { inlinedResponses: { inlinedResponses } };
    }
    return {
      name,
      metadata,
      done: ["SUCCEEDED", "FAILED", "CANCELLED", "EXPIRED"].includes(state),
    };
  };

  const route = (method: string, path: string, body: Json): [number, Json] => {
    const modelCall = path.match(/^\/v1beta\/models\/([^/:]+):(\w+)$/);
    if (method === "POST" && modelCall?.[2] === "generateContent") return [200, generate(body)];
    if (method === "POST" && modelCall?.[2] === "batchEmbedContents") {
      const list = (body.requests ?? []) as Array<{ content: Json; outputDimensionality?: number }>;
      const embeddings = list.map((r) => ({
        values: fakeGoogleEmbedding(lastText({ contents: [r.content] }), r.outputDimensionality),
      }));
      return [200, { embeddings }];
    }
    if (
      method === "POST" &&
      (modelCall?.[2] === "batchGenerateContent" || modelCall?.[2] === "asyncBatchEmbedContent")
    ) {
      const spec = (body.batch ?? {}) as Json;
      const input = spec.inputConfig as
        | { requests?: { requests?: FakeBatch["requests"] } }
        | undefined;
      const name = `batches/fake${++seq}`;
      const batch: FakeBatch = {
        model: `models/${modelCall[1]}`,
        displayName: spec.displayName,
        requests: input?.requests?.requests ?? [],
        embeddings: modelCall[2] === "asyncBatchEmbedContent",
        gets: 0,
        cancelled: false,
      };
      batches.set(name, batch);
      const created = operation(name, { ...batch });
      return [200, created];
    }
    const batchCall = path.match(/^\/v1beta\/(batches\/[^/:]+)(:cancel)?$/);
    const batch = batches.get(batchCall?.[1] ?? "");
    if (!batchCall?.[1] || !batch) return [404, errorBody(404, "batch not found", "NOT_FOUND")];
    if (method === "POST" && batchCall[2]) {
      batch.cancelled = true;
      batch.gets = 0;
      return [200, {}];
    }
    return [200, operation(batchCall[1], batch)];
  };

  const failureBody = (failure: FakeFailure): Json => {
    const payload = errorBody(failure.status, failure.message ?? `fake ${failure.status}`, "FAKE");
    if (failure.retryDelay) {
      (payload.error as Json).details = [
        { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: failure.retryDelay },
      ];
    }
    return payload;
  };

  const http = await startFakeHttpServer<FakeFailure>({
    failure: (f) => [f.status, failureBody(f)],
    unauthorized: (headers) =>
      headers["x-goog-api-key"]
        ? undefined
        : [403, errorBody(403, "API key missing", "PERMISSION_DENIED")],
    route: (method, path, body) => route(method, path, (body ?? {}) as Json),
  });

  const setBatchBehaviour = (b: Partial<FakeBatchBehaviour>) => {
    behaviour = { ...behaviour, ...b };
  };
  return { ...http, url: http.origin, setBatchBehaviour };
}

function errorBody(code: number, message: string, status: string): Json {
  return { error: { code, message, status } };
}

function lastText(body: Json): string {
  const contents = Array.isArray(body.contents) ? (body.contents as Json[]) : [];
  const parts = (contents.at(-1)?.parts ?? []) as Json[];
  return String(parts.at(-1)?.text ?? "");
}
