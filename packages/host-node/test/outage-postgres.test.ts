import { createKernel, createWorkflowRegistry, systemClock } from "@stageflow/kernel";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createPostgresDatabase,
  migrateToLatest,
} from "@stageflow/persistence-kysely";
import { createScenarioWorkflows, createTestSchema, PG_URL, Probe } from "@stageflow/test-support";
import { CollectingEventSink } from "@stageflow/testing";
import { describe, expect, it, vi } from "vitest";
import { channelWakeups, createNodeHost, type NodeHost } from "../src/index";
import { createTcpProxy } from "./fixtures/tcp-proxy";

const RUNS = 60;
const OUTAGES = 2;
const OUTAGE_MS = 3_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("database outage on Postgres", () => {
  it("hosts whose connections are cut for seconds log, back off, recover, and complete every run", async () => {
    const schema = await createTestSchema("sf_host_outage");
    const target = new URL(PG_URL);
    const proxy = await createTcpProxy(target.hostname, Number(target.port || 5432));
    const proxied = new URL(PG_URL);
    proxied.port = String(proxy.port);
    const workflows = Object.values(createScenarioWorkflows(new Probe()));

    // The test talks to Postgres directly; the hosts only through the proxy.
    const direct = createPostgresDatabase(PG_URL, { poolConfig: schema.poolConfig });
    await migrateToLatest(direct);
    const persistence = createKyselyPersistence(direct);
    const client = createKernel({
      persistence,
      blobStore: createKyselyBlobStore(direct),
      jobTransport: createKyselyJobTransport(direct),
      eventSink: new CollectingEventSink(),
      clock: systemClock,
      registry: createWorkflowRegistry(workflows),
    });

    const warnings: string[] = [];
    const hosts: NodeHost[] = [];
    const databases = [direct];
    for (const workerId of ["outage-1", "outage-2"]) {
      // A connection cut while a transaction holds it must not crash the process: the adapter
      // listens on every pool client and hands the errors to onError.
      const db = createPostgresDatabase(proxied.toString(), {
        poolConfig: { ...schema.poolConfig, connectionTimeoutMillis: 1_000 },
        onError: (error) => warnings.push(`connection error: ${error.message}`),
      });
      databases.push(db);
      const jobTransport = createKyselyJobTransport(db);
      const kernel = createKernel({
        persistence: createKyselyPersistence(db),
        blobStore: createKyselyBlobStore(db),
        jobTransport,
        eventSink: new CollectingEventSink(),
        clock: systemClock,
        registry: createWorkflowRegistry(workflows),
      });
      const host = createNodeHost({
        kernel,
        jobTransport,
        workerId,
        jobPollIntervalMs: 100,
        orchestrationIntervalMs: 100,
        staleLeaseThresholdMs: 2_000,
        stuckRunThresholdMs: 2_000,
        retryBackoff: { initialMs: 50, maxMs: 1_000 },
        handleSignals: false,
        wakeups: channelWakeups(jobTransport),
        logger: {
          info() {},
          debug() {},
          error: (_obj, msg) => warnings.push(`error: ${msg}`),
          warn: (_obj, msg) => warnings.push(msg ?? ""),
        },
      });
      await host.start();
      hosts.push(host);
    }

    try {
      const ids: string[] = [];
      for (let outage = 0; outage < OUTAGES; outage += 1) {
        for (let i = 0; i < RUNS / OUTAGES; i += 1) {
          const created = await client.dispatch({
            type: "run.create",
            workflowId: i % 2 === 0 ? "linear" : "diamond",
            input: { value: i },
          });
          ids.push(created.workflowRunId);
        }
        await sleep(50);
        await proxy.stop();
        await sleep(OUTAGE_MS);
        await proxy.start();
      }

      await vi.waitFor(
        async () => {
          const runs = await Promise.all(ids.map((id) => persistence.getRun(id)));
          expect(runs.filter((run) => run?.status !== "COMPLETED").map((run) => run?.id)).toEqual(
            [],
          );
        },
        { timeout: 60_000, interval: 200 },
      );
      for (const host of hosts) {
        expect(host.getStats()).toMatchObject({ isRunning: true });
      }
      expect(hosts.reduce((sum, host) => sum + host.getStats().errors, 0)).toBeGreaterThan(0);
      expect(warnings.some((line) => line.endsWith("failed; retrying"))).toBe(true);
      await Promise.all(hosts.map((host) => host.stop()));

      for (const id of ids) {
        const events = await persistence.getOutboxEvents(id);
        const completed = events
          .filter((event) => event.type === "stage:completed")
          .map((event) => String(event.payload.stageId));
        expect(new Set(completed).size).toBe(completed.length);
        const jobs = await persistence.getJobsByRun(id);
        expect(jobs.filter((job) => job.status === "RUNNING")).toEqual([]);
      }
    } finally {
      await Promise.all(hosts.map((host) => host.stop()));
      await proxy.close();
      for (const db of databases) await db.destroy();
      await schema.drop();
    }
  }, 120_000);
});
