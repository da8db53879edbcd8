import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { apiUrl } from "../api/client";
import { keysToInvalidate, parseStreamMessage, type StreamMessage } from "../lib/live-invalidation";

/** Whether the live stream is connected. */
export type LiveState = "connecting" | "live" | "offline";

/**
 * Subscribes to `/api/stream` and refetches the queries an event concerns, batching the events
 * of 500 ms into one refetch. EventSource reconnects by itself (sending Last-Event-ID).
 */
export function useLiveUpdates(): LiveState {
  const client = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");
  useEffect(() => {
    if (typeof EventSource === "undefined") {
      setState("offline");
      return;
    }
    const source = new EventSource(apiUrl("/stream"));
    let pending: StreamMessage[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = (): void => {
      timer = null;
      const batch = pending;
      pending = [];
      for (const queryKey of keysToInvalidate(batch)) void client.invalidateQueries({ queryKey });
    };
    source.onopen = () => setState("live");
    source.onerror = () =>
      setState(source.readyState === EventSource.CLOSED ? "offline" : "connecting");
    source.addEventListener("run", (event) => {
      const message = parseStreamMessage((event as MessageEvent<string>).data);
      if (message === null) return;
      pending.push(message);
      timer ??= setTimeout(flush, 500);
    });
    return () => {
      source.close();
      if (timer !== null) clearTimeout(timer);
    };
  }, [client]);
  return state;
}
