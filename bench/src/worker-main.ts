/**
 * Entry of every worker process the harness forks: `worker-main.ts <kind> <options-json>`.
 * Each kind starts its workers, says `ready`, optionally handles one `go`, and on `stop` reports
 * its stats and exits.
 */
import type { ControlMessage, MarkFn, WorkerHandle, WorkerMessage } from "./lib/worker-protocol";

type Starter = (options: Record<string, unknown>, mark: MarkFn) => Promise<WorkerHandle>;

const STARTERS: Record<string, () => Promise<Starter>> = {
  "graphile-worker": async () =>
    (await import("./peers/graphile-worker-worker")).startGraphileWorker,
  "pg-boss": async () => (await import("./peers/pg-boss-worker")).startPgBossWorker,
  "stageflow-transport": async () =>
    (await import("./stageflow/transport-worker")).startTransportWorker,
  "stageflow-host": async () => (await import("./stageflow/host-worker")).startHostWorker,
  "stageflow-rss": async () => (await import("./stageflow/rss-worker")).startRssWorker,
};

function post(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) resolve();
    else process.send(message, undefined, undefined, () => resolve());
  });
}

async function main(): Promise<void> {
  const [kind = "", json = "{}"] = process.argv.slice(2);
  const load = STARTERS[kind];
  if (!load) throw new Error(`unknown worker kind "${kind}"`);
  const options = JSON.parse(json) as Record<string, unknown>;
  const handle = await (await load())(options, (key, label, t) => {
    void post({ kind: "mark", key, label, t });
  });
  process.on("message", (raw) => {
    const m = raw as ControlMessage;
    const run = async () => {
      if (m.kind === "go") {
        await post({ kind: "result", value: (await handle.go?.(m.payload)) ?? null });
      } else {
        await post({ kind: "done", stats: await handle.stop() });
        process.exit(0);
      }
    };
    run().catch(fail);
  });
  post({ kind: "ready" });
}

async function fail(error: unknown): Promise<void> {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  await post({ kind: "error", message });
  process.exit(1);
}

main().catch(fail);
