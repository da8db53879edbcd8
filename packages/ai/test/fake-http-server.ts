/**
 * The HTTP plumbing shared by the loopback fakes of vendor APIs in the provider packages' tests
 * (`fake-openai-server`, `fake-anthropic-server`, `fake-google-server`): listen on 127.0.0.1,
 * record every request, answer canned failures, refuse requests without credentials, and hand
 * the rest to the vendor's router. Each fake only says what its vendor's API looks like.
 *
 * Imported by relative path: `import { startFakeHttpServer } from "../../ai/test/fake-http-server";`
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the fake received it; the body as the fake's `readBody` parsed it. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** A canned error answer for the next matching request. */
export interface FakeFailure {
  status: number;
  message?: string;
  headers?: Record<string, string>;
  /** Only fail requests whose path contains this text (default: any request). */
  pathIncludes?: string;
}

/** An answer: status, payload (text is sent as is, anything else as JSON) and extra headers. */
export type FakeResponse = [status: number, payload: unknown, headers?: Record<string, string>];

/** What a vendor's fake supplies to {@link startFakeHttpServer}. */
export interface FakeHttpServerOptions<F extends FakeFailure> {
  /** The vendor's answer to a canned failure. */
  failure: (failure: F) => FakeResponse;
  /** The vendor's answer to a request without valid credentials; `undefined` lets it through. */
  unauthorized: (headers: IncomingHttpHeaders) => FakeResponse | undefined;
  /** Answers every other request. */
  route: (method: string, path: string, body: unknown) => FakeResponse | Promise<FakeResponse>;
  /** Parses a request body. Default: JSON, `undefined` when empty. */
  readBody?: (raw: Buffer, contentType: string) => unknown;
  /** Content type of text payloads (JSON payloads are `application/json`). */
  textType?: string;
  /** Headers on every answer. */
  headers?: Record<string, string>;
}

/** A running fake: `origin` is `http://127.0.0.1:<port>`. */
export interface FakeHttpServer<F extends FakeFailure> {
  origin: string;
  requests: RecordedRequest[];
  /** Answer the next matching request with `failure`. */
  failNext(failure: F): void;
  close(): Promise<void>;
}

function readJson(raw: Buffer): unknown {
  return raw.length === 0 ? undefined : JSON.parse(raw.toString("utf8"));
}

/** What a vendor's fake gives its tests: the HTTP server's controls plus batch behaviour. */
export interface FakeVendorServer<F extends FakeFailure, B> extends FakeHttpServer<F> {
  /** The base URL to give the SDK. */
  url: string;
  /** Changes how batches behave from the next batch read on. */
  setBatchBehaviour(behaviour: Partial<B>): void;
}

/** Starts a fake on 127.0.0.1 and an ephemeral port. */
export async function startFakeHttpServer<F extends FakeFailure>(
  options: FakeHttpServerOptions<F>,
): Promise<FakeHttpServer<F>> {
  const requests: RecordedRequest[] = [];
  const failures: F[] = [];
  const readBody = options.readBody ?? readJson;

  const send = (res: ServerResponse, [status, payload, headers]: FakeResponse) => {
    const text = typeof payload === "string";
    res.writeHead(status, {
      "content-type": text ? (options.textType ?? "text/plain") : "application/json",
      ...options.headers,
      ...headers,
    });
    res.end(text ? payload : JSON.stringify(payload));
  };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? "GET";
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = await readBody(Buffer.concat(chunks), req.headers["content-type"] ?? "");
    requests.push({ method, path, headers: req.headers, body });
    const index = failures.findIndex((f) => !f.pathIncludes || path.includes(f.pathIncludes));
    const failure = index >= 0 ? failures.splice(index, 1)[0] : undefined;
    if (failure) return send(res, options.failure(failure));
    const refusal = options.unauthorized(req.headers);
    if (refusal) return send(res, refusal);
    send(res, await options.route(method, path, body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    failNext: (failure) => failures.push(failure),
    close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
