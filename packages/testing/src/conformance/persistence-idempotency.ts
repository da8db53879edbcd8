import type { Persistence } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import type { PersistenceConformanceContext } from "./conformance-context";
import { at, expectErrorCode, HOSTILE_STRING, T0 } from "./fixtures";

const acquire = (
  persistence: Persistence,
  key: string,
  commandType = "run.create",
  now = T0,
  reclaimAfterMs = 60_000,
) => persistence.acquireIdempotencyKey({ key, commandType, now, reclaimAfterMs });

/** Idempotency keys: acquire, in progress, replay, release, reclaim; keyed by (key, commandType). */
export function persistenceIdempotencyTests(ctx: () => PersistenceConformanceContext): void {
  describe("idempotency keys", () => {
    it("acquires a free key once; a second acquisition sees it in progress", async () => {
      const { persistence } = ctx();
      expect(await acquire(persistence, "k1")).toEqual({ status: "acquired" });
      expect(await acquire(persistence, "k1", "run.create", at(1))).toEqual({
        status: "in_progress",
      });
    });

    it("replays the stored result after completion, every time", async () => {
      const { persistence } = ctx();
      await acquire(persistence, "k1");
      const result = {
        workflowRunId: "r-1",
        status: "PENDING",
        nested: { list: [1, "two", null, true] },
      };
      await persistence.completeIdempotencyKey("k1", "run.create", result, at(1));
      expect(await acquire(persistence, "k1", "run.create", at(2))).toEqual({
        status: "replay",
        result,
      });
      expect(await acquire(persistence, "k1", "run.create", at(999_999))).toEqual({
        status: "replay",
        result,
      });
    });

    it("keys by (key, commandType): the same key for another command is independent", async () => {
      const { persistence } = ctx();
      await acquire(persistence, "k1", "run.create");
      await persistence.completeIdempotencyKey("k1", "run.create", { a: 1 }, T0);
      expect(await acquire(persistence, "k1", "job.execute")).toEqual({ status: "acquired" });
      expect(await acquire(persistence, "k2", "run.create")).toEqual({ status: "acquired" });
      expect(await acquire(persistence, "k1", "run.create")).toEqual({
        status: "replay",
        result: { a: 1 },
      });
    });

    it("frees a released key so the command can be dispatched again", async () => {
      const { persistence } = ctx();
      await acquire(persistence, "k1");
      await persistence.releaseIdempotencyKey("k1", "run.create");
      expect(await acquire(persistence, "k1", "run.create", at(1))).toEqual({ status: "acquired" });
      await persistence.releaseIdempotencyKey("unknown", "run.create");
    });

    it("lets a key left IN_PROGRESS be reclaimed after reclaimAfterMs, and holds it again", async () => {
      const { persistence } = ctx();
      await acquire(persistence, "k1", "run.create", at(0), 1_000);
      expect(await acquire(persistence, "k1", "run.create", at(999), 1_000)).toEqual({
        status: "in_progress",
      });
      expect(await acquire(persistence, "k1", "run.create", at(1_001), 1_000)).toEqual({
        status: "acquired",
      });
      expect(await acquire(persistence, "k1", "run.create", at(1_500), 1_000)).toEqual({
        status: "in_progress",
      });
      await persistence.completeIdempotencyKey("k1", "run.create", { ok: true }, at(1_600));
      expect(await acquire(persistence, "k1", "run.create", at(9_000), 1_000)).toEqual({
        status: "replay",
        result: { ok: true },
      });
    });

    it("gives a key to exactly one of several concurrent acquirers", async () => {
      const { persistence } = ctx();
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          i % 2 === 0
            ? acquire(persistence, "race")
            : persistence.withTransaction((tx) => acquire(tx, "race")),
        ),
      );
      expect(answers.filter((a) => a.status === "acquired")).toHaveLength(1);
      expect(answers.filter((a) => a.status === "in_progress")).toHaveLength(5);
    });

    it("rejects a result that is not JSON and keeps the key in progress", async () => {
      const { persistence } = ctx();
      await acquire(persistence, "k1");
      await expectErrorCode(
        persistence.completeIdempotencyKey("k1", "run.create", { n: 1n }, at(1)),
        "NOT_JSON_SERIALIZABLE",
      );
      expect(await acquire(persistence, "k1", "run.create", at(2))).toEqual({
        status: "in_progress",
      });
    });

    it("stores keys with quotes and SQL fragments verbatim", async () => {
      const { persistence } = ctx();
      await acquire(persistence, HOSTILE_STRING, HOSTILE_STRING);
      await persistence.completeIdempotencyKey(
        HOSTILE_STRING,
        HOSTILE_STRING,
        { s: HOSTILE_STRING },
        T0,
      );
      expect(await acquire(persistence, HOSTILE_STRING, HOSTILE_STRING)).toEqual({
        status: "replay",
        result: { s: HOSTILE_STRING },
      });
      expect(await acquire(persistence, `${HOSTILE_STRING}x`, HOSTILE_STRING)).toEqual({
        status: "acquired",
      });
    });
  });
}
