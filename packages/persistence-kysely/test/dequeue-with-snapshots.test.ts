import type { Persistence } from "@stageflow/kernel";
import { afterEach, describe, expect, it } from "vitest";
import { createKyselyJobTransport, createKyselyPersistence } from "../src/index";
import { at, newJob, newRun } from "./helpers/fixtures";
import { TARGETS, type TestTarget } from "./helpers/targets";

/** A RUNNING run with stages `a` (group 0), `b` and `c` (group 1), and a PENDING job per stage. */
async function runWithGroups(persistence: Persistence, status: "RUNNING" | "CANCELLED") {
  const created = await persistence.createRun(newRun());
  const run = await persistence.updateRun(created.id, { status: "RUNNING" }, at(1));
  await persistence.createStages(
    [
      ["a", 0],
      ["b", 1],
      ["c", 1],
    ].map(([stageId, groupIndex]) => ({
      workflowRunId: run.id,
      stageId: stageId as string,
      stageName: stageId as string,
      groupIndex: groupIndex as number,
      now: at(1),
    })),
  );
  if (status !== "RUNNING") await persistence.updateRun(run.id, { status }, at(2));
  await persistence.enqueueJobs(
    ["a", "b", "c"].map((stageId, i) => newJob(run.id, { stageId, now: at(-10 + i) })),
  );
  return run.id;
}

describe("dequeueWithSnapshots on Postgres", () => {
  let target: TestTarget | undefined;
  afterEach(async () => {
    await target?.teardown();
    target = undefined;
  });

  it("leases like dequeue and returns what getRunWithJobAndStages reads, for a stage alone in its group", async () => {
    target = await TARGETS.postgres();
    const persistence = createKyselyPersistence(target.db);
    const transport = createKyselyJobTransport(target.db);
    const runId = await runWithGroups(persistence, "RUNNING");
    const dequeued = await transport.dequeueWithSnapshots?.({
      workerId: "w1",
      limit: 10,
      now: at(0),
    });
    expect(dequeued?.map(({ job }) => job.stageId)).toEqual(["a", "b", "c"]);
    for (const { job } of dequeued ?? []) {
      expect(job).toEqual(await persistence.getJob(job.id));
      expect(job).toMatchObject({ status: "RUNNING", lockedBy: "w1", lockedAt: at(0) });
    }
    const [alone, sibling, otherSibling] = dequeued ?? [];
    // `a` is alone in group 0: its snapshot is exactly a fresh read of the run.
    const read = await persistence.getRunWithJobAndStages?.(runId, alone?.job.id ?? "");
    expect(alone?.snapshot).toEqual(read);
    expect(alone?.snapshot?.stages.map((stage) => stage.stageId)).toEqual(["a", "b", "c"]);
    // `b` and `c` share group 1: no snapshot, so a fan-out is never read once per job.
    expect(sibling?.snapshot).toBeNull();
    expect(otherSibling?.snapshot).toBeNull();
    // Leased: another worker gets nothing.
    expect(
      await transport.dequeueWithSnapshots?.({ workerId: "w2", limit: 10, now: at(0) }),
    ).toEqual([]);
    await transport.close();
  });

  it("returns no snapshot for a run that is not RUNNING, and honours limit and due time", async () => {
    target = await TARGETS.postgres();
    const persistence = createKyselyPersistence(target.db);
    const transport = createKyselyJobTransport(target.db);
    await runWithGroups(persistence, "CANCELLED");
    expect(
      await transport.dequeueWithSnapshots?.({ workerId: "w1", limit: 0, now: at(0) }),
    ).toEqual([]);
    // The jobs fall due at -10, -9 and -8 ms.
    expect(
      await transport.dequeueWithSnapshots?.({ workerId: "w1", limit: 10, now: at(-11) }),
    ).toEqual([]);
    const [first, ...rest] =
      (await transport.dequeueWithSnapshots?.({ workerId: "w1", limit: 1, now: at(0) })) ?? [];
    expect(rest).toEqual([]);
    expect(first?.job.stageId).toBe("a");
    expect(first?.snapshot).toBeNull();
    await transport.close();
  });
});

describe("dequeueWithSnapshots on SQLite", () => {
  it("is absent: reads cost no round trip there, so hosts use dequeue", async () => {
    const target = await TARGETS["sqlite (file)"]();
    try {
      const transport = createKyselyJobTransport(target.db);
      expect(transport.dequeueWithSnapshots).toBeUndefined();
      await transport.close();
    } finally {
      await target.teardown();
    }
  });
});
