import { createKernel, createWorkflowRegistry, systemClock } from "@stageflow/kernel";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createPostgresDatabase,
} from "@stageflow/persistence-kysely";
import { createScenarioWorkflows, Probe } from "@stageflow/test-support";
import { CollectingEventSink } from "@stageflow/testing";
import { describe, expect, it, vi } from "vitest";
import { createNodeHost } from "../src/index";
import { createPostgresNodeBackend } from "./fixtures/backend";
import { createWorld } from "./fixtures/world";

describe("wake-ups across processes on Postgres (LISTEN/NOTIFY)", () => {
  it("claims and runs a run created by another process without any poll or tick", async () => {
    const backend = await createPostgresNodeBackend();
    const workflows = Object.values(createScenarioWorkflows(new Probe()));
    const world = createWorld(backend, workflows);
    const host = createNodeHost({
      kernel: world.kernel,
      jobTransport: backend.jobTransport,
      workerId: "listener",
      jobPollIntervalMs: 600_000,
      orchestrationIntervalMs: 600_000,
      handleSignals: false,
      wakeups: backend.wakeups,
    });
    // Another process: its own pool, its own kernel; only NOTIFY connects it to the host.
    const other = createPostgresDatabase(backend.url, { poolConfig: backend.poolConfig });
    const otherKernel = createKernel({
      persistence: createKyselyPersistence(other),
      blobStore: createKyselyBlobStore(other),
      jobTransport: createKyselyJobTransport(other),
      eventSink: new CollectingEventSink(),
      clock: systemClock,
      registry: createWorkflowRegistry(workflows),
    });
    try {
      await host.start();
      await vi.waitFor(() => expect(host.getStats().orchestrationTicks).toBe(1));
      const { workflowRunId } = await otherKernel.dispatch({
        type: "run.create",
        workflowId: "diamond",
        input: { value: 1 },
      });
      const run = await world.waitForRun(workflowRunId, (r) => r.status === "COMPLETED", 10_000);
      expect(run.output).toEqual({ value: 114 });
      await vi.waitFor(() =>
        expect(world.sink.ofType("workflow:completed").map((e) => e.workflowRunId)).toContain(
          workflowRunId,
        ),
      );
      expect(host.getStats()).toMatchObject({ orchestrationTicks: 1, runsClaimed: 1 });
    } finally {
      await host.stop();
      await other.destroy();
      await backend.close();
    }
  });
});
