/**
 * A loopback HTTP proxy in front of a vendor fake that can kill a worker at an exact point of
 * the protocol: when a request matching the armed trap got the fake's answer, the proxy runs the
 * trap (SIGKILL of the worker) and drops the connection instead of answering. The fake has then
 * done what the request asked (e.g. accepted a batch), and the worker never learns it.
 */
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A running proxy. */
export interface KillProxy {
  readonly url: string;
  /** Arms a one-shot trap on the first request that `matches`. */
  arm(matches: (method: string, path: string) => boolean, onHit: () => void): Promise<void>;
  close(): Promise<void>;
}

/** Starts a proxy to `target` (an http://127.0.0.1:port origin), keeping the path. */
export async function startKillProxy(target: string): Promise<KillProxy> {
  const upstream = new URL(target);
  let trap: {
    matches: (method: string, path: string) => boolean;
    onHit: () => void;
    hit: () => void;
  } | null = null;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (answer) => {
          const body: Buffer[] = [];
          answer.on("data", (chunk: Buffer) => body.push(chunk));
          answer.on("end", () => {
            const armed = trap;
            if (armed?.matches(req.method ?? "", (req.url ?? "").split("?")[0] ?? "")) {
              trap = null;
              armed.onHit();
              armed.hit();
              res.socket?.destroy();
              return;
            }
            res.writeHead(answer.statusCode ?? 500, answer.headers);
            res.end(Buffer.concat(body));
          });
        },
      );
      forward.on("error", () => res.socket?.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}${upstream.pathname.replace(/\/$/, "")}`;
  return {
    url: base,
    arm(matches, onHit) {
      return new Promise<void>((hit) => {
        trap = { matches, onHit, hit };
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
