import { defineStage, isStageflowError, WorkflowBuilder } from "@stageflow/core";
import type { BlobStore, JobTransport, Persistence, RunRecord } from "@stageflow/kernel";
import { createTestKernel, InMemoryPersistence } from "@stageflow/testing";
import { type Kysely, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  type StageflowDatabase,
} from "../src/index";
import { TARGETS, type TestTarget } from "./helpers/targets";

/** What a poisoned stage body does, and the field its `UnstorableValueError` must name. */
const POISONS: Array<{ name: string; field: string; body: (ctx: PoisonContext) => unknown }> = [
  {
    name: "U+0000 in the output",
    field: "output.text",
    body: () => ({ output: { text: "a\u0000b" } }),
  },
  {
    name: "a lone surrogate in the output",
    field: "output.text",
    body: () => ({ output: { text: "x\uD800" } }),
  },
  {
    name: "U+0000 in a thrown message",
    field: "error.message",
    body: () => {
      throw new Error("upstream said \u0000");
    },
  },
  {
    name: "U+0000 in a log message",
    field: "log[1].message",
    body: (ctx) => {
      ctx.log("INFO", "a good line");
      ctx.log("INFO", "bad \u0000 line");
      return { output: { text: "ok" } };
    },
  },
  {
    name: "a lone surrogate in a log meta key",
    field: "log[0].meta",
    body: (ctx) => {
      ctx.log("INFO", "meta", { ["k\uDC00"]: 1 });
      return { output: { text: "ok" } };
    },
  },
  {
    name: "U+0000 in a progress message",
    field: "progress[0].message",
    body: (ctx) => {
      ctx.onProgress({ progress: 0.5, message: "half \u0000" });
      return { output: { text: "ok" } };
    },
  },
  {
    name: "U+0000 in a metrics key",
    field: "customMetrics",
    body: () => ({ output: { text: "ok" }, customMetrics: { ["n\u0000"]: 1 } }),
  },
];

interface PoisonContext {
  log(level: "INFO", message: string, meta?: Record<string, unknown>): void;
  onProgress(update: { progress: number; message: string }): void;
}

interface Ports {
  readonly persistence: Persistence;
  readonly jobTransport?: JobTransport;
  readonly blobStore?: BlobStore;
  readonly db?: Kysely<StageflowDatabase>;
  readonly teardown: () => Promise<void>;
}

const BACKENDS: Record<string, () => Promise<Ports>> = {
  memory: async () => ({ persistence: new InMemoryPersistence(), teardown: async () => {} }),
  sqlite: () => kysely(TARGETS["sqlite (file)"]),
  postgres: () => kysely(TARGETS.postgres),
};

async function kysely(open: () => Promise<TestTarget>): Promise<Ports> {
  const target = await open();
  return {
    persistence: createKyselyPersistence(target.db),
    jobTransport: createKyselyJobTransport(target.db),
    blobStore: createKyselyBlobStore(target.db),
    db: target.db,
    teardown: target.teardown,
  };
}

function workflowOf(body: (ctx: PoisonContext) => unknown, counter: { runs: number }) {
  const stage = defineStage({
    id: "a",
    name: "A",
    retry: { maxAttempts: 3 },
    schemas: { input: "none", output: z.object({ text: z.string() }), config: z.object({}) },
    execute: async (ctx) => {
      counter.runs += 1;
      return body(ctx as unknown as PoisonContext) as { output: { text: string } };
    },
  });
  return new WorkflowBuilder("poison", "Poison", "one stage", z.object({}), z.unknown())
    .pipe(stage)
    .build();
}

async function runOnce(ports: Ports, body: (ctx: PoisonContext) => unknown) {
  const counter = { runs: 0 };
  const t = createTestKernel({
    workflows: [workflowOf(body, counter)],
    persistence: ports.persistence,
    ...(ports.jobTransport ? { jobTransport: ports.jobTransport } : {}),
    ...(ports.blobStore ? { blobStore: ports.blobStore } : {}),
  });
  const { workflowRunId } = await t.kernel.dispatch({
    type: "run.create",
    workflowId: "poison",
    input: {},
  });
  const run: RunRecord = await t.runToCompletion(workflowRunId, { maxSteps: 50 });
  const stage = await ports.persistence.getStage(workflowRunId, "a");
  return { counter, run, stage, workflowRunId, t };
}

for (const [backend, open] of Object.entries(BACKENDS)) {
  describe(`completions that cannot be stored: ${backend}`, () => {
    let ports: Ports | undefined;
    afterEach(async () => {
      await ports?.teardown();
      ports = undefined;
    });

    for (const poison of POISONS) {
      it(`${poison.name} fails the stage once with UnstorableValueError naming ${poison.field}`, async () => {
        ports = await open();
        const { counter, run, stage, workflowRunId } = await runOnce(ports, poison.body);
        expect(counter.runs).toBe(1);
        expect(run.status).toBe("FAILED");
        expect(run.error).toMatchObject({ code: "UNSTORABLE_VALUE", stageId: "a" });
        expect(stage?.status).toBe("FAILED");
        expect(stage?.error?.code).toBe("UNSTORABLE_VALUE");
        expect(stage?.error?.message).toContain(`${poison.field}`);
        // The offending value is nowhere; storable log lines are kept. (The failure's log lines
        // name an offending key by its escaped text, `\\u0000`, which is storable: only a JSON
        // escape that is not itself escaped is a real U+0000 or lone surrogate.)
        const logs = await ports.persistence.getLogs(workflowRunId);
        expect(JSON.stringify(logs)).not.toMatch(/(?<!\\)(?:\\\\)*\\u(?:0000|d800|dc00)/i);
        if (poison.field === "log[1].message") {
          expect(logs.map((log) => log.message)).toContain("a good line");
        }
      });
    }

    it("a storable completion with emoji and escapes still completes", async () => {
      ports = await open();
      const { counter, run } = await runOnce(ports, (ctx) => {
        ctx.log("INFO", "🚀 \\u0000 is just text here");
        return { output: { text: 'naïve 🚀 "quoted" \\u0000' } };
      });
      expect(counter.runs).toBe(1);
      expect(run.status).toBe("COMPLETED");
      expect(run.output).toEqual({ text: 'naïve 🚀 "quoted" \\u0000' });
    });

    if (backend !== "memory") {
      it("an outcome the database refuses every time counts as an attempt: the run fails after maxAttempts", async () => {
        ports = await open();
        const db = ports.db as Kysely<StageflowDatabase>;
        await refuseCompletedStages(db, backend);
        const { counter, run, stage } = await runOnce(ports, () => ({ output: { text: "fine" } }));
        expect(counter.runs).toBe(3);
        expect(run.status).toBe("FAILED");
        expect(stage?.status).toBe("FAILED");
        expect(stage?.attempt).toBe(3);
        expect(stage?.error?.code).toBe("COMPLETION_NOT_COMMITTED");
        expect(stage?.error?.message).toContain("refused by the test trigger");
      });
    }
  });
}

/** Installs a trigger that makes the database refuse to mark any stage COMPLETED. */
async function refuseCompletedStages(db: Kysely<StageflowDatabase>, backend: string) {
  if (backend === "sqlite") {
    await sql`create trigger refuse_completed before update on stageflow_stages
      when new.status = 'COMPLETED'
      begin select raise(abort, 'refused by the test trigger'); end`.execute(db);
    return;
  }
  await sql`create function refuse_completed() returns trigger language plpgsql as $$
    begin raise exception 'refused by the test trigger'; end $$`.execute(db);
  await sql`create trigger refuse_completed before update on stageflow_stages
    for each row when (new.status = 'COMPLETED') execute function refuse_completed()`.execute(db);
}

describe("isStageflowError on the kernel's new errors", () => {
  it("identifies UnstorableValueError by its code", async () => {
    const { UnstorableValueError } = await import("@stageflow/kernel");
    const error = new UnstorableValueError("a", "output", "contains U+0000");
    expect(isStageflowError(error) && error.code).toBe("UNSTORABLE_VALUE");
    expect(error.retryable).toBe(false);
  });
});
