import { defineStage, WorkflowBuilder } from "@stageflow/core";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createNodeHost, type NodeHost, runAndWait } from "../src/index";
import {
  createPostgresNodeBackend,
  createSqliteNodeBackend,
  type NodeBackend,
} from "./fixtures/backend";
import { TEST_TUNING } from "./fixtures/scenarios";
import { createWorld, type World } from "./fixtures/world";

/** A stage whose output Postgres cannot store, and how often its body ran. */
function poisonWorkflow(counter: { runs: number }) {
  const stage = defineStage({
    id: "poison",
    name: "Poison",
    retry: { maxAttempts: 3, backoff: { initialDelayMs: 1 } },
    schemas: { input: z.unknown(), output: z.object({ text: z.string() }), config: z.object({}) },
    async execute() {
      counter.runs += 1;
      return { output: { text: "model said \u0000" } };
    },
  });
  return new WorkflowBuilder("poison", "Poison", "one stage", z.unknown(), z.unknown())
    .pipe(stage)
    .build();
}

for (const [label, open] of [
  ["SQLite (file)", createSqliteNodeBackend],
  ["Postgres", createPostgresNodeBackend],
] as const) {
  describe(`a completion that cannot be stored, through a node host on ${label}`, () => {
    let world: World | undefined;
    let host: NodeHost | undefined;
    afterEach(async () => {
      await host?.stop();
      await world?.backend.close();
    });

    it("fails the stage and the run after one body run, not retried and not re-run", async () => {
      const counter = { runs: 0 };
      const backend: NodeBackend = await open();
      world = createWorld(backend, [poisonWorkflow(counter)]);
      host = createNodeHost({
        kernel: world.kernel,
        jobTransport: backend.jobTransport,
        workerId: "host-1",
        ...TEST_TUNING,
        wakeups: backend.wakeups,
      });
      await host.start();
      const result = await runAndWait({
        kernel: world.kernel,
        persistence: backend.persistence,
        host,
        command: { type: "run.create", workflowId: "poison", input: {} },
        timeoutMs: 20_000,
      });
      expect(result.status).toBe("FAILED");
      expect(result.error).toMatchObject({ code: "UNSTORABLE_VALUE", stageId: "poison" });
      expect(counter.runs).toBe(1);
      expect(host.getStats()).toMatchObject({ errors: 0 });
    });
  });
}
