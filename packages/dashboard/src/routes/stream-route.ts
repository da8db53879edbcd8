import type { Hono } from "hono";
import type { DashboardContext } from "../dashboard-context";
import { OutboxFollower } from "../stream/outbox-follower";
import { formatStreamMessage } from "../stream/stream-message";

/** Milliseconds between `: ping` comments (keeps proxies from closing an idle stream). */
export const PING_INTERVAL_MS = 15_000;

const encoder = new TextEncoder();

/**
 * `GET /api/stream`: server-sent events, one `event: run` message per new outbox event of any
 * run, read every `pollIntervalMs` from the database (so events of other processes arrive too).
 * Honours `Last-Event-ID`. Timers stop when the client goes away.
 */
export function registerStreamRoute(api: Hono, context: DashboardContext): void {
  api.get("/stream", async (c) => {
    const request = c.req.raw;
    const lastEventId = request.headers.get("last-event-id")?.trim() || undefined;
    const follower = new OutboxFollower(context.kernel.query);
    await follower.start(lastEventId);
    let closed = false;
    let pollTimer: ReturnType<typeof setTimeout> | undefined;
    let pingTimer: ReturnType<typeof setInterval> | undefined;
    const stop = () => {
      closed = true;
      clearTimeout(pollTimer);
      clearInterval(pingTimer);
    };
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const send = (text: string) => {
          if (closed) return;
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            stop();
          }
        };
        const poll = async () => {
          if (closed) return;
          try {
            for (const event of await follower.poll()) send(formatStreamMessage(event));
          } catch {
            // A failed read (database briefly away) is retried at the next poll.
            send(": poll failed, retrying\n\n");
          }
          if (!closed) pollTimer = setTimeout(poll, context.pollIntervalMs);
        };
        send(`retry: 3000\n: connected\n\n`);
        pingTimer = setInterval(() => send(": ping\n\n"), PING_INTERVAL_MS);
        pollTimer = setTimeout(poll, context.pollIntervalMs);
        request.signal.addEventListener(
          "abort",
          () => {
            stop();
            try {
              controller.close();
            } catch {
              // already closed
            }
          },
          { once: true },
        );
      },
      cancel() {
        stop();
      },
    });
    return new Response(body, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      },
    });
  });
}
