/**
 * A loopback fake of the OpenAI REST API, small enough to read in one sitting. The real `openai`
 * SDK talks to it through `baseURL`. It answers chat completions, embeddings (float or base64
 * little-endian Float32), files (multipart upload, content download) and the Batch API, and it
 * records every request so tests can assert on what went over the wire.
 *
 * Importable by relative path from other packages' tests:
 * `import { startFakeOpenAIServer } from "../../ai-openai/test/fake-openai-server";`
 */
import {
  type FakeFailure,
  type FakeResponse,
  type FakeVendorServer,
  startFakeHttpServer,
} from "../../ai/test/fake-http-server";

/** A canned error answer for the next matching request. */
export type { FakeFailure };

/** How batches behave: the statuses walked by successive retrieves, and which requests fail. */
export interface FakeBatchBehaviour {
  /** Statuses returned by retrieve #1, #2, …; the last one sticks. Default validating → in_progress → completed. */
  statuses: string[];
  /** Decide per request whether it fails; return an error message to fail it. Default: prompt contains "fail". */
  failWhen: (customId: string, body: Record<string, unknown>) => string | undefined;
}

/** Options of {@link startFakeOpenAIServer}. */
export interface FakeOpenAIServerOptions {
  /** The assistant text for a chat body; default `echo: <last message>`. */
  reply?: (body: Record<string, unknown>) => string;
}

/** A running fake; `url` already ends in `/v1`, ready for `new OpenAI({ baseURL })`. */
export type FakeOpenAIServer = FakeVendorServer<FakeFailure, FakeBatchBehaviour>;

interface FakeBatch {
  id: string;
  endpoint: string;
  inputFileId: string;
  retrieves: number;
  cancelled: boolean;
  object: Record<string, unknown>;
}

type Json = Record<string, unknown>;

/** Deterministic embedding: values exactly representable as Float32 so tests compare exactly. */
export function fakeEmbedding(text: string, dimensions = 3): number[] {
  return Array.from({ length: dimensions }, (_, i) => (text.length + i) / 4);
}

/** Start the fake on 127.0.0.1 and an ephemeral port. */
export async function startFakeOpenAIServer(
  options: FakeOpenAIServerOptions = {},
): Promise<FakeOpenAIServer> {
  const files = new Map<string, string>();
  const batches = new Map<string, FakeBatch>();
  let behaviour: FakeBatchBehaviour = {
    statuses: ["validating", "in_progress", "completed"],
    failWhen: (_id, body) => (JSON.stringify(body).includes("fail") ? "fake failure" : undefined),
  };
  let seq = 0;
  const nextId = (prefix: string) => `${prefix}${++seq}`;
  const reply = options.reply ?? ((body) => `echo: ${lastMessage(body)}`);

  const chat = (body: Json): Json => {
    const text = reply(body);
    const prompt = lastMessage(body).length;
    return {
      id: nextId("chatcmpl-"),
      object: "chat.completion",
      created: 1_700_000_000,
      model: body.model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: text, refusal: null },
          finish_reason: "stop",
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: prompt,
        completion_tokens: text.length,
        total_tokens: prompt + text.length,
      },
    };
  };

  const embeddings = (body: Json): Json => {
    const inputs = Array.isArray(body.input) ? (body.input as string[]) : [String(body.input)];
    const dims = typeof body.dimensions === "number" ? body.dimensions : 3;
    const base64 = body.encoding_format === "base64";
    const data = inputs.map((text, index) => {
      const vector = fakeEmbedding(text, dims);
      const embedding = base64
        ? Buffer.from(new Float32Array(vector).buffer).toString("base64")
        : vector;
      return { object: "embedding", index, embedding };
    });
    const tokens = inputs.reduce((n, t) => n + t.length, 0);
    return {
      object: "list",
      data,
      model: body.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    };
  };

  const batchView = (batch: FakeBatch): Json => {
    if (batch.cancelled) {
      batch.object.status = batch.retrieves++ === 0 ? "cancelling" : "cancelled";
    } else {
      const i = Math.min(batch.retrieves++, behaviour.statuses.length - 1);
      batch.object.status = behaviour.statuses[i];
    }
    const lines = parseJsonl(files.get(batch.inputFileId) ?? "");
    const done = batch.object.status === "completed" || batch.object.status === "cancelled";
    if (done && batch.object.output_file_id === undefined) writeBatchOutput(batch, lines);
    const failed = done ? lines.filter((l) => batch.cancelled || failReason(l)).length : 0;
    batch.object.request_counts = {
      total: lines.length,
      completed: done ? lines.length - failed : 0,
      failed,
    };
    return batch.object;
  };

  const failReason = (line: Json) => behaviour.failWhen(String(line.custom_id), line.body as Json);

  const writeBatchOutput = (batch: FakeBatch, lines: Json[]) => {
    const ok: Json[] = [];
    const bad: Json[] = [];
    for (const line of lines.reverse()) {
      const base = { id: nextId("batch_req_"), custom_id: line.custom_id };
      const reason = failReason(line);
      if (batch.cancelled) {
        bad.push({
          ...base,
          response: null,
          error: { code: "batch_cancelled", message: "cancelled" },
        });
      } else if (reason) {
        const error = { message: reason, type: "invalid_request_error", param: null, code: null };
        bad.push({
          ...base,
          response: { status_code: 400, request_id: "req_1", body: { error } },
          error: null,
        });
      } else {
        const body =
          batch.endpoint === "/v1/embeddings"
            ? embeddings(line.body as Json)
            : chat(line.body as Json);
        ok.push({
          ...base,
          response: { status_code: 200, request_id: "req_1", body },
          error: null,
        });
      }
    }
    for (const [key, set] of [
      ["output_file_id", ok],
      ["error_file_id", bad],
    ] as const) {
      if (set.length === 0) continue;
      const id = nextId("file-");
      files.set(id, `${set.map((l) => JSON.stringify(l)).join("\n")}\n`);
      batch.object[key] = id;
    }
  };

  const route = (method: string, path: string, body: unknown): FakeResponse => {
    const json = (body ?? {}) as Json;
    if (method === "POST" && path === "/v1/chat/completions") return [200, chat(json)];
    if (method === "POST" && path === "/v1/embeddings") return [200, embeddings(json)];
    if (method === "POST" && path === "/v1/files") {
      const id = nextId("file-");
      files.set(id, String(json.file));
      return [
        200,
        {
          id,
          object: "file",
          bytes: String(json.file).length,
          created_at: 1,
          filename: json.filename,
          purpose: json.purpose,
          status: "processed",
        },
      ];
    }
    const content = path.match(/^\/v1\/files\/([^/]+)\/content$/);
    if (method === "GET" && content) {
      const text = files.get(content[1] ?? "");
      return text === undefined ? notFound("file") : [200, text];
    }
    if (method === "POST" && path === "/v1/batches") {
      const id = nextId("batch_");
      const object = {
        id,
        object: "batch",
        endpoint: json.endpoint,
        input_file_id: json.input_file_id,
        completion_window: json.completion_window,
        created_at: 1,
        metadata: json.metadata ?? null,
      };
      batches.set(id, {
        id,
        endpoint: String(json.endpoint),
        inputFileId: String(json.input_file_id),
        retrieves: 0,
        cancelled: false,
        object: {
          ...object,
          status: "validating",
          request_counts: { total: 0, completed: 0, failed: 0 },
        },
      });
      return [200, batches.get(id)?.object];
    }
    const batchPath = path.match(/^\/v1\/batches\/([^/]+)(\/cancel)?$/);
    const batch = batches.get(batchPath?.[1] ?? "");
    if (!batchPath || !batch) return notFound("route");
    if (method === "POST" && batchPath[2]) {
      batch.cancelled = true;
      batch.retrieves = 0;
      return [200, { ...batch.object, status: "cancelling" }];
    }
    return [200, batchView(batch)];
  };

  const http = await startFakeHttpServer<FakeFailure>({
    failure: (f) => [f.status, apiError(f.message ?? `fake ${f.status}`, "fake_error"), f.headers],
    unauthorized: (headers) =>
      headers.authorization?.startsWith("Bearer ")
        ? undefined
        : [401, apiError("missing API key", "invalid_request_error")],
    route,
    readBody,
    // File contents.
    textType: "application/octet-stream",
    headers: { "x-request-id": "req_fake" },
  });

  const setBatchBehaviour = (b: Partial<FakeBatchBehaviour>) => {
    behaviour = { ...behaviour, ...b };
  };
  return { ...http, url: `${http.origin}/v1`, setBatchBehaviour };
}

function lastMessage(body: Json): string {
  const messages = Array.isArray(body.messages) ? (body.messages as Json[]) : [];
  return String(messages.at(-1)?.content ?? "");
}

/** An OpenAI-shaped error body. */
function apiError(message: string, type: string): Json {
  return { error: { message, type, param: null, code: null } };
}

function notFound(what: string): FakeResponse {
  return [404, apiError(`${what} not found`, "invalid_request_error")];
}

function parseJsonl(text: string): Json[] {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Json);
}

async function readBody(raw: Buffer, type: string): Promise<unknown> {
  if (raw.length === 0) return undefined;
  if (type.includes("application/json")) return JSON.parse(raw.toString("utf8"));
  if (type.includes("multipart/form-data")) {
    const form = await new Response(raw, { headers: { "content-type": type } }).formData();
    const fields: Json = {};
    for (const [key, value] of form.entries()) {
      if (typeof value === "string") fields[key] = value;
      else {
        fields[key] = await value.text();
        fields.filename = value.name;
      }
    }
    return fields;
  }
  return raw.toString("utf8");
}
