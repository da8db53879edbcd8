/**
 * A loopback fake of the Anthropic Messages API that the real `@anthropic-ai/sdk` talks to through
 * `baseURL`: `POST /v1/messages` (text, or a `tool_use` block when a tool is forced) and Message
 * Batches (create, retrieve, cancel, JSONL results at `results_url`). Every request is recorded.
 * Accepts both auth styles (`Authorization: Bearer` from SDK 1.x, `X-Api-Key` from 0.x).
 *
 * Importable by relative path from other packages' tests:
 * `import { startFakeAnthropicServer } from "../../ai-anthropic/test/fake-anthropic-server";`
 */
import {
  type FakeFailure as FakeHttpFailure,
  type FakeVendorServer,
  startFakeHttpServer,
} from "../../ai/test/fake-http-server";

/** A canned error answer for the next matching request. */
export interface FakeFailure extends FakeHttpFailure {
  /** Anthropic error type, e.g. `rate_limit_error` (default derived from nothing: `api_error`). */
  type?: string;
}

/**
 * Phases walked by successive retrieves of a batch; the last one sticks. `pending` is
 * `in_progress` with nothing done, `processing` is `in_progress` with the first request done,
 * `ended` has every request done.
 */
export type FakeBatchPhase = "pending" | "processing" | "ended";

/** How batches behave. */
export interface FakeBatchBehaviour {
  phases: FakeBatchPhase[];
  /** Outcome per request: `succeeded` (default), `errored`, `canceled` or `expired`. Default: `errored` when the prompt contains "fail". */
  outcome: (customId: string, params: Record<string, unknown>) => Outcome;
}

type Outcome = "succeeded" | "errored" | "canceled" | "expired";
type Json = Record<string, unknown>;

/** Options of {@link startFakeAnthropicServer}. */
export interface FakeAnthropicServerOptions {
  /** Assistant text for a messages body; default `echo: <last message>`. */
  reply?: (body: Json) => string;
  /** Input of the forced tool's `tool_use` block; default `{}`. */
  toolInput?: (body: Json) => unknown;
  /** Answer `results_url` as a path (the SDK resolves it against `baseURL`); default absolute. */
  relativeResultsUrl?: boolean;
}

/** A running fake; `url` is the origin to pass as `baseURL`. */
export type FakeAnthropicServer = FakeVendorServer<FakeFailure, FakeBatchBehaviour>;

interface FakeBatch {
  requests: Array<{ custom_id: string; params: Json }>;
  retrieves: number;
  cancelled: boolean;
  outcomes: Map<string, Outcome>;
  object: Json;
}

/** Start the fake on 127.0.0.1 and an ephemeral port. */
export async function startFakeAnthropicServer(
  options: FakeAnthropicServerOptions = {},
): Promise<FakeAnthropicServer> {
  const batches = new Map<string, FakeBatch>();
  let behaviour: FakeBatchBehaviour = {
    phases: ["pending", "processing", "ended"],
    outcome: (_id, params) => (JSON.stringify(params).includes("fail") ? "errored" : "succeeded"),
  };
  let seq = 0;
  let origin = "";
  const reply = options.reply ?? ((body) => `echo: ${lastMessage(body)}`);

  const message = (body: Json): Json => {
    const forced = (body.tool_choice as Json | undefined)?.type === "tool";
    const name = (body.tool_choice as Json | undefined)?.name;
    const text = reply(body);
    const content = forced
      ? [{ type: "tool_use", id: `toolu_${++seq}`, name, input: options.toolInput?.(body) ?? {} }]
      : [{ type: "text", text }];
    const input = lastMessage(body).length;
    return {
      id: `msg_${++seq}`,
      type: "message",
      role: "assistant",
      model: body.model,
      content,
      stop_reason: forced ? "tool_use" : "end_turn",
      stop_sequence: null,
      usage: { input_tokens: input, output_tokens: forced ? 7 : text.length },
    };
  };

  /** Advance a batch one phase per retrieve and settle request outcomes as they finish. */
  const advance = (id: string, batch: FakeBatch): Json => {
    const phase = batch.cancelled
      ? "ended"
      : (behaviour.phases[Math.min(batch.retrieves++, behaviour.phases.length - 1)] ?? "ended");
    const doneCount =
      batch.cancelled || phase === "pending"
        ? 0
        : phase === "processing"
          ? 1
          : batch.requests.length;
    batch.requests.forEach((r, i) => {
      if (batch.outcomes.has(r.custom_id)) return;
      if (i < doneCount) batch.outcomes.set(r.custom_id, behaviour.outcome(r.custom_id, r.params));
      else if (batch.cancelled) batch.outcomes.set(r.custom_id, "canceled");
    });
    const counts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    for (const r of batch.requests) counts[batch.outcomes.get(r.custom_id) ?? "processing"]++;
    const ended = phase === "ended";
    Object.assign(batch.object, {
      processing_status: ended ? "ended" : "in_progress",
      request_counts: counts,
      ended_at: ended ? "2026-11-21T01:00:00Z" : null,
      results_url: ended
        ? `${options.relativeResultsUrl ? "" : origin}/v1/messages/batches/${id}/results`
        : null,
    });
    return batch.object;
  };

  const resultLine = (customId: string, params: Json, outcome: Outcome): Json => {
    if (outcome === "succeeded")
      return { custom_id: customId, result: { type: "succeeded", message: message(params) } };
    if (outcome !== "errored") return { custom_id: customId, result: { type: outcome } };
    const error = {
      type: "error",
      error: { type: "invalid_request_error", message: "fake failure" },
      request_id: "req_1",
    };
    return { custom_id: customId, result: { type: "errored", error } };
  };

  const route = (method: string, path: string, body: Json): [number, unknown] => {
    if (method === "POST" && path === "/v1/messages") return [200, message(body)];
    if (method === "POST" && path === "/v1/messages/batches") {
      const id = `msgbatch_${++seq}`;
      const list = (body.requests ?? []) as FakeBatch["requests"];
      const object = {
        id,
        type: "message_batch",
        processing_status: "in_progress",
        request_counts: {
          processing: list.length,
          succeeded: 0,
          errored: 0,
          canceled: 0,
          expired: 0,
        },
        created_at: "2026-11-21T00:00:00Z",
        expires_at: "2026-11-22T00:00:00Z",
        ended_at: null,
        archived_at: null,
        cancel_initiated_at: null,
        results_url: null,
      };
      batches.set(id, {
        requests: list,
        retrieves: 0,
        cancelled: false,
        outcomes: new Map(),
        object,
      });
      return [200, object];
    }
    const match = path.match(/^\/v1\/messages\/batches\/([^/]+)(\/cancel|\/results)?$/);
    const batch = batches.get(match?.[1] ?? "");
    if (!match?.[1] || !batch) return [404, errorBody("not_found_error", "batch not found")];
    if (method === "POST" && match[2] === "/cancel") {
      batch.cancelled = true;
      batch.object.cancel_initiated_at = "2026-11-21T00:30:00Z";
      return [200, { ...batch.object, processing_status: "canceling" }];
    }
    if (match[2] === "/results") {
      const lines = batch.requests
        .map((r) => resultLine(r.custom_id, r.params, batch.outcomes.get(r.custom_id) ?? "expired"))
        .reverse();
      return [200, `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`];
    }
    return [200, advance(match[1], batch)];
  };

  const http = await startFakeHttpServer<FakeFailure>({
    failure: (f) => [
      f.status,
      errorBody(f.type ?? "api_error", f.message ?? `fake ${f.status}`),
      f.headers,
    ],
    unauthorized: (headers) =>
      headers.authorization?.startsWith("Bearer ") || headers["x-api-key"]
        ? undefined
        : [401, errorBody("authentication_error", "missing credentials")],
    route: (method, path, body) => route(method, path, (body ?? {}) as Json),
    // JSONL results.
    textType: "application/binary",
    headers: { "request-id": "req_fake" },
  });
  origin = http.origin;

  const setBatchBehaviour = (b: Partial<FakeBatchBehaviour>) => {
    behaviour = { ...behaviour, ...b };
  };
  return { ...http, url: origin, setBatchBehaviour };
}

function errorBody(type: string, message: string): Json {
  return { type: "error", error: { type, message }, request_id: "req_fake" };
}

function lastMessage(body: Json): string {
  const messages = Array.isArray(body.messages) ? (body.messages as Json[]) : [];
  return String(messages.at(-1)?.content ?? "");
}
