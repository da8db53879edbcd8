/**
 * Overhead of `@stageflow/otel` per stage job: the same 3-stage no-op workflow driven through the
 * kernel (run.create, run.claimPending, job.execute per stage, outbox.flush) with no `telemetry`
 * option and with `otelTelemetry()` on an SDK tracer provider (batch span processor, discarding
 * exporter) and meter provider, with an AsyncLocalStorage context manager registered, as an
 * application would run it. Off and on alternate, medians of `--reps` (default 5).
 *
 *   pnpm --filter @stageflow/bench bench:otel [--runs=50] [--memory-runs=20] [--reps=5] [--only=memory|sqlite|hooks]
 *
 * The in-memory ports copy their state per transaction, so their cost per job grows with the
 * number of runs stored: they get fewer runs per repetition.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import {
  type BlobStore,
  createKernel,
  createWorkflowRegistry,
  type JobTransport,
  type Persistence,
  systemClock,
  type Telemetry,
} from "@stageflow/kernel";
import { otelTelemetry } from "@stageflow/otel";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createSqliteDatabase,
  migrateToLatest,
} from "@stageflow/persistence-kysely";
import { InMemoryBlobStore, InMemoryJobTransport, InMemoryPersistence } from "@stageflow/testing";
import { nowMs } from "./lib/clock";
import { NOOP_STAGE_IDS, NOOP_WORKFLOW_ID, noopWorkflow } from "./stageflow/noop-workflow";

interface Ports {
  readonly persistence: Persistence;
  readonly jobTransport: JobTransport;
  readonly blobStore: BlobStore;
  close(): Promise<void>;
}

class CollectingReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

let spansExported = 0;

function telemetryOn(): { telemetry: Telemetry; close(): Promise<void> } {
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [
      new BatchSpanProcessor({
        export(spans, done) {
          spansExported += spans.length;
          done({ code: 0 });
        },
        async shutdown() {},
      }),
    ],
  });
  const reader = new CollectingReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    telemetry: otelTelemetry({ tracerProvider, meterProvider }),
    async close() {
      await reader.collect();
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}

async function memoryPorts(): Promise<Ports> {
  const persistence = new InMemoryPersistence();
  const jobTransport = new InMemoryJobTransport(persistence);
  return { persistence, jobTransport, blobStore: new InMemoryBlobStore(), close: async () => {} };
}

async function sqlitePorts(): Promise<Ports> {
  const dir = await mkdtemp(join(tmpdir(), "stageflow-otel-bench-"));
  const db = createSqliteDatabase(join(dir, "bench.db"));
  await migrateToLatest(db);
  const jobTransport = createKyselyJobTransport(db);
  return {
    persistence: createKyselyPersistence(db),
    jobTransport,
    blobStore: createKyselyBlobStore(db),
    async close() {
      await jobTransport.close();
      await db.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Drives `runs` runs to completion; returns µs per stage job of wall time and of this process's
 * CPU time (user + system; on a shared machine the CPU time is the steadier figure).
 */
async function measure(ports: Ports, telemetry: Telemetry | undefined, runs: number) {
  const kernel = createKernel({
    ...ports,
    eventSink: { async emit() {} },
    clock: systemClock,
    registry: createWorkflowRegistry([noopWorkflow]),
    ...(telemetry === undefined ? {} : { telemetry }),
  });
  const workerId = "bench";
  const t0 = nowMs();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    await kernel.dispatch({ type: "run.create", workflowId: NOOP_WORKFLOW_ID, input: { i } });
  }
  await kernel.dispatch({ type: "run.claimPending", workerId, maxClaims: runs });
  let jobs = 0;
  for (;;) {
    const batch = await ports.jobTransport.dequeue({ workerId, limit: 50, now: new Date() });
    if (batch.length === 0) break;
    for (const job of batch) {
      await kernel.dispatch({
        type: "job.execute",
        jobId: job.id,
        workflowRunId: job.workflowRunId,
        workflowId: job.workflowId,
        stageId: job.stageId,
        workerId,
      });
      jobs++;
    }
  }
  while (
    (await kernel.dispatch({ type: "outbox.flush", workerId, maxEvents: 500 })).published > 0
  ) {}
  const ms = nowMs() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (jobs !== runs * NOOP_STAGE_IDS.length) throw new Error(`executed ${jobs} jobs`);
  return { wall: (ms * 1000) / jobs, cpu: (cpu.user + cpu.system) / jobs };
}

/**
 * The instrumentation alone: one stage attempt's telemetry (started, body and commit phases,
 * end: four spans and three metric records) with trivial phases, µs of CPU per attempt.
 */
async function measureHooks(iterations: number): Promise<number> {
  const { telemetry, close } = telemetryOn();
  const info = {
    workflowId: NOOP_WORKFLOW_ID,
    workflowRunId: "run",
    stageId: "first",
    attempt: 1,
    runTraceContext: {
      traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
      tracestate: null,
    },
    queuedAt: new Date(),
    startedAt: new Date(),
  };
  const once = async () => {
    const attempt = telemetry.startStageAttempt("execute");
    attempt.started(info);
    await attempt.phase("body", async () => undefined);
    await attempt.phase("commit", async () => undefined);
    attempt.end({ outcome: "completed" });
  };
  for (let i = 0; i < iterations / 10; i++) await once();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < iterations; i++) await once();
  const cpu = process.cpuUsage(cpu0);
  await close();
  return (cpu.user + cpu.system) / iterations;
}

function arg(name: string, fallback: number): number {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found === undefined ? fallback : Number(found.split("=")[1]);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function main() {
  const runsOf = { memory: arg("memory-runs", 20), sqlite: arg("runs", 50) };
  const reps = arg("reps", 5);
  const only = process.argv.find((a) => a.startsWith("--only="))?.split("=")[1];
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  console.log(
    `otel overhead: ${runsOf.memory} (memory) / ${runsOf.sqlite} (sqlite) runs × ${NOOP_STAGE_IDS.length} stages, ${reps} reps`,
  );
  console.log("| backend | time | off µs/job | on µs/job | overhead µs/job | overhead % |");
  console.log("|---|---|---|---|---|---|");
  for (const [name, open] of [
    ["memory", memoryPorts],
    ["sqlite", sqlitePorts],
  ] as const) {
    if (only !== undefined && only !== name) continue;
    const runs = runsOf[name];
    const off: { wall: number; cpu: number }[] = [];
    const on: { wall: number; cpu: number }[] = [];
    // Warm-up of both paths.
    for (const withOtel of [false, true]) {
      const ports = await open();
      const t = withOtel ? telemetryOn() : undefined;
      await measure(ports, t?.telemetry, Math.ceil(runs / 5));
      await t?.close();
      await ports.close();
    }
    for (let rep = 0; rep < reps; rep++) {
      for (const withOtel of rep % 2 === 0 ? [false, true] : [true, false]) {
        const ports = await open();
        const t = withOtel ? telemetryOn() : undefined;
        (withOtel ? on : off).push(await measure(ports, t?.telemetry, runs));
        await t?.close();
        await ports.close();
      }
    }
    for (const time of ["wall", "cpu"] as const) {
      const a = median(off.map((m) => m[time]));
      const b = median(on.map((m) => m[time]));
      console.log(
        `| ${name} | ${time} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(b - a).toFixed(1)} | ${(((b - a) / a) * 100).toFixed(1)} % |`,
      );
    }
  }
  if (only === undefined || only === "hooks") {
    const hooks = median([
      await measureHooks(20_000),
      await measureHooks(20_000),
      await measureHooks(20_000),
    ]);
    console.log(`| hooks only | cpu | — | ${hooks.toFixed(1)} | ${hooks.toFixed(1)} | — |`);
  }
  console.log(`spans exported: ${spansExported}`);
}

await main();
