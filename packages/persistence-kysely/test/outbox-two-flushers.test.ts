import type { Persistence } from "@stageflow/kernel";
import { afterEach, describe, expect, it } from "vitest";
import { createKyselyPersistence } from "../src/index";
import { at, newEvent, newRun } from "./helpers/fixtures";
import { createPostgresTestSchema } from "./helpers/postgres-test-schema";
import { runWorkers } from "./helpers/spawn-workers";
import { createSqliteTestDatabase } from "./helpers/sqlite-test-database";

type Published = [runId: string, sequence: number][];

const RUNS = 8;
const EVENTS = 15;

async function seed(persistence: Persistence): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await persistence.createRun(newRun({ now: at(i) }));
    await persistence.appendOutboxEvents(
      Array.from({ length: EVENTS }, (_, j) => ({
        ...newEvent(run.id, `e${j + 1}`),
        payload: { type: `e${j + 1}`, workflowRunId: run.id },
        now: at(i),
      })),
    );
    ids.push(run.id);
  }
  return ids;
}

/** Every event once in all, and each process published each run's events in ascending order. */
function check(answers: readonly Published[], runIds: readonly string[]): void {
  const all = answers.flat().map(([runId, sequence]) => `${runId}#${sequence}`);
  const duplicates = all.filter((key, i) => all.indexOf(key) !== i);
  expect(duplicates, "events published twice").toEqual([]);
  expect(all.sort()).toEqual(
    runIds.flatMap((id) => Array.from({ length: EVENTS }, (_, j) => `${id}#${j + 1}`)).sort(),
  );
  for (const answer of answers) {
    const last = new Map<string, number>();
    for (const [runId, sequence] of answer) {
      expect(sequence, `run ${runId} went backwards`).toBeGreaterThan(last.get(runId) ?? 0);
      last.set(runId, sequence);
    }
  }
}

type Target = { persistence: Persistence; where: Record<string, unknown> };

const TARGETS: Record<string, () => Promise<Target & { teardown(): Promise<void> }>> = {
  sqlite: async () => {
    const target = await createSqliteTestDatabase("file");
    return {
      persistence: createKyselyPersistence(target.db),
      where: { dialect: "sqlite", filename: target.filename },
      teardown: target.teardown,
    };
  },
  postgres: async () => {
    const schema = await createPostgresTestSchema();
    return {
      persistence: createKyselyPersistence(schema.db),
      where: { dialect: "postgres", schema: schema.schema },
      teardown: schema.teardown,
    };
  },
};

for (const [name, open] of Object.entries(TARGETS)) {
  describe(`two flusher processes on ${name}`, { timeout: 180_000 }, () => {
    let teardown: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await teardown?.();
      teardown = undefined;
    });

    it("a sink slower than the claim lease: no event twice, each run in order", async () => {
      const target = await open();
      teardown = target.teardown;
      const runIds = await seed(target.persistence);
      const answers = await runWorkers<Published>(
        "outbox-flusher.mjs",
        ["f1", "f2"].map((workerId) => ({
          ...target.where,
          workerId,
          runIds,
          sink: "slow",
          claimLeaseMs: 150,
        })),
      );
      check(answers, runIds);
      expect(answers.every((answer) => answer.length > 0)).toBe(true);
    });

    it("a 2 s sink outage under load dead-letters nothing with the default backoff", async () => {
      const target = await open();
      teardown = target.teardown;
      const runIds = await seed(target.persistence);
      const answers = await runWorkers<Published>(
        "outbox-flusher.mjs",
        ["f1", "f2"].map((workerId) => ({
          ...target.where,
          workerId,
          runIds,
          sink: "outage",
          outageMs: 2_000,
        })),
      );
      expect(await target.persistence.listDeadLetters(1_000)).toEqual([]);
      check(answers, runIds);
    });
  });
}
