import type { Metrics } from "./bench-case";
import { latencyMetrics } from "./bench-case";
import { nowMs, sleep, waitFor } from "./clock";
import { summarizeLatency } from "./stats";

/** Receives timestamped marks: `key` identifies the job or run, `label` what happened. */
export type MarkListener = (key: string, label: string, t: number) => void;

/** How a latency test reaches its system. */
export interface LatencyDriver {
  count: number;
  interval: number;
  /** Starts the workers (marks `start`, and optionally `end`, per job); resolves with a stopper. */
  start(onMark: MarkListener): Promise<() => Promise<void>>;
  /** Enqueues item `i` and resolves at its commit with the key its marks will carry. */
  send(i: number): Promise<string>;
  /** A mark label that must arrive too before an item counts as done (e.g. `end`). */
  endLabel?: string;
  /** Further per-item figures computed from an item's marks (ms), summarized as `<name>_p50` etc. */
  derived?: Record<string, (marks: ReadonlyMap<string, number>) => number | undefined>;
}

/**
 * The anchors' latency method: 20 warm-up items `interval` apart, 1 s pause, then `count` items
 * on a fixed schedule (one every `interval` ms); send → start and commit → start (and send → end
 * with `endLabel`), nearest-rank percentiles.
 */
export async function measureLatency(d: LatencyDriver): Promise<Metrics> {
  const marks = new Map<string, Map<string, number>>();
  const stop = await d.start((key, label, t) => {
    const m = marks.get(key) ?? new Map<string, number>();
    marks.set(key, m);
    if (!m.has(label)) m.set(label, t);
  });
  try {
    for (let i = 0; i < 20; i++) {
      await d.send(-1 - i);
      await sleep(d.interval);
    }
    await sleep(1000);
    const keys: string[] = [];
    const sent: number[] = [];
    const committed: number[] = [];
    const t0 = nowMs();
    for (let i = 0; i < d.count; i++) {
      await sleep(t0 + i * d.interval - nowMs());
      sent[i] = nowMs();
      keys[i] = await d.send(i);
      committed[i] = nowMs();
    }
    const labels = d.endLabel ? ["start", d.endLabel] : ["start"];
    const complete = () => keys.every((k) => labels.every((l) => marks.get(k)?.has(l)));
    await waitFor(complete, { intervalMs: 20, timeoutMs: 10_000 });
    const fromSend: number[] = [];
    const fromCommit: number[] = [];
    const toEnd: number[] = [];
    const call: number[] = [];
    keys.forEach((k, i) => {
      const s = sent[i] ?? 0;
      const c = committed[i] ?? 0;
      call.push(c - s);
      const start = marks.get(k)?.get("start");
      if (start !== undefined) {
        fromSend.push(start - s);
        fromCommit.push(start - c);
      }
      const end = d.endLabel ? marks.get(k)?.get(d.endLabel) : undefined;
      if (end !== undefined) toEnd.push(end - s);
    });
    const derived: Metrics = {};
    for (const [name, fn] of Object.entries(d.derived ?? {})) {
      const values = keys.flatMap((k) => {
        const v = fn(marks.get(k) ?? new Map());
        return v === undefined ? [] : [v];
      });
      Object.assign(derived, latencyMetrics(name, summarizeLatency(values)));
    }
    return {
      received: fromSend.length,
      ...latencyMetrics("sendToStart", summarizeLatency(fromSend)),
      ...latencyMetrics("commitToStart", summarizeLatency(fromCommit)),
      ...latencyMetrics("enqueueCall", summarizeLatency(call)),
      ...(d.endLabel
        ? { ended: toEnd.length, ...latencyMetrics("e2e", summarizeLatency(toEnd)) }
        : {}),
      ...derived,
    };
  } finally {
    await stop();
  }
}
