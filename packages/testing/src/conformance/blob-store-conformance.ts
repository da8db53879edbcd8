import { describe, expect, it } from "vitest";
import type { BlobStoreConformanceContext } from "./conformance-context";
import { at, expectErrorCode, HOSTILE_STRING } from "./fixtures";

/** `BlobStore`: put/get/has/delete/list, overwrite, large values, JSON checks, copies. */
export function blobStoreTests(ctx: () => BlobStoreConformanceContext): void {
  describe("blob store", () => {
    it("round-trips JSON values of every shape", async () => {
      const { blobStore } = ctx();
      const values: Record<string, unknown> = {
        object: { text: "héllo 🚀", n: [1, 2.5, -3], nested: { ok: true, none: null } },
        array: [{ a: 1 }, [], {}],
        string: "plain",
        number: 42.5,
        boolean: false,
        null: null,
      };
      for (const [key, value] of Object.entries(values)) await blobStore.put(`v/${key}`, value);
      for (const [key, value] of Object.entries(values))
        expect(await blobStore.get(`v/${key}`), key).toEqual(value);
    });

    it("answers undefined / false for an absent key", async () => {
      const { blobStore } = ctx();
      expect(await blobStore.get("missing")).toBeUndefined();
      expect(await blobStore.has("missing")).toBe(false);
    });

    it("reports presence with has, including for a stored null", async () => {
      const { blobStore } = ctx();
      await blobStore.put("k", null);
      expect(await blobStore.has("k")).toBe(true);
      expect(await blobStore.get("k")).toBeNull();
    });

    it("replaces the previous value on put", async () => {
      const { blobStore } = ctx();
      await blobStore.put("k", { version: 1, extra: "gone" });
      await blobStore.put("k", { version: 2 });
      expect(await blobStore.get("k")).toEqual({ version: 2 });
      expect(await blobStore.list("k")).toEqual(["k"]);
    });

    it("deletes a key; deleting an absent key is not an error", async () => {
      const { blobStore } = ctx();
      await blobStore.put("a", 1);
      await blobStore.put("b", 2);
      await blobStore.delete("a");
      await blobStore.delete("never-there");
      expect(await blobStore.has("a")).toBe(false);
      expect(await blobStore.get("a")).toBeUndefined();
      expect(await blobStore.get("b")).toBe(2);
    });

    it("lists the keys starting with a prefix, sorted", async () => {
      const { blobStore } = ctx();
      const keys = [
        "runs/r2/stages/b/output",
        "runs/r1/stages/b/output",
        "runs/r1/stages/a/output",
        "runs/r1/stages/a/artifacts/z",
        "runs/r1/stages/a/artifacts/c",
        "runs/r10/stages/a/output",
        "other/r1",
      ];
      for (const key of keys) await blobStore.put(key, key);
      expect(await blobStore.list("runs/r1/")).toEqual([
        "runs/r1/stages/a/artifacts/c",
        "runs/r1/stages/a/artifacts/z",
        "runs/r1/stages/a/output",
        "runs/r1/stages/b/output",
      ]);
      expect(await blobStore.list("runs/r1/stages/a/artifacts/")).toEqual([
        "runs/r1/stages/a/artifacts/c",
        "runs/r1/stages/a/artifacts/z",
      ]);
      expect(await blobStore.list("runs/r3/")).toEqual([]);
      expect(await blobStore.list("")).toHaveLength(keys.length);
    });

    it("treats % and _ in a prefix literally", async () => {
      const { blobStore } = ctx();
      for (const key of ["a%b/1", "axb/1", "a_c/1", "abc/1"]) await blobStore.put(key, 1);
      expect(await blobStore.list("a%b/")).toEqual(["a%b/1"]);
      expect(await blobStore.list("a_c/")).toEqual(["a_c/1"]);
    });

    it("stores keys and values with quotes and SQL fragments verbatim", async () => {
      const { blobStore } = ctx();
      await blobStore.put(HOSTILE_STRING, { [HOSTILE_STRING]: HOSTILE_STRING });
      expect(await blobStore.get(HOSTILE_STRING)).toEqual({ [HOSTILE_STRING]: HOSTILE_STRING });
      expect(await blobStore.list(HOSTILE_STRING.slice(0, 10))).toEqual([HOSTILE_STRING]);
      await blobStore.delete(HOSTILE_STRING);
      expect(await blobStore.has(HOSTILE_STRING)).toBe(false);
    });

    it("round-trips a 10 MB value", async () => {
      const { blobStore } = ctx();
      const chunk = "0123456789abcdef".repeat(64);
      const value = { chunks: Array.from({ length: 10 * 1024 }, (_, i) => `${i}:${chunk}`) };
      await blobStore.put("big", value);
      const stored = await blobStore.get<typeof value>("big");
      expect(stored?.chunks).toHaveLength(value.chunks.length);
      expect(stored?.chunks[10 * 1024 - 1]).toBe(value.chunks[10 * 1024 - 1]);
      expect(JSON.stringify(stored) === JSON.stringify(value)).toBe(true);
    });

    it("rejects values that are not JSON with NotJsonSerializableError and stores nothing", async () => {
      const { blobStore } = ctx();
      const cycle: Record<string, unknown> = {};
      cycle.self = cycle;
      await blobStore.put("kept", { original: true });
      for (const bad of [
        { n: 1n },
        () => 1,
        cycle,
        new Map([["a", 1]]),
        { x: Number.POSITIVE_INFINITY },
      ]) {
        await expectErrorCode(blobStore.put("bad", bad), "NOT_JSON_SERIALIZABLE");
        await expectErrorCode(blobStore.put("kept", bad), "NOT_JSON_SERIALIZABLE");
      }
      expect(await blobStore.has("bad")).toBe(false);
      expect(await blobStore.get("kept")).toEqual({ original: true });
    });

    it("stores a Date inside a value as its ISO string, and a top-level undefined as null", async () => {
      const { blobStore } = ctx();
      await blobStore.put("dated", { at: at(0) });
      expect(await blobStore.get("dated")).toEqual({ at: at(0).toISOString() });
      await blobStore.put("void", undefined);
      expect(await blobStore.has("void")).toBe(true);
      expect(await blobStore.get("void")).toBeNull();
    });

    it("keeps stored values independent of the caller's objects", async () => {
      const { blobStore } = ctx();
      const value = { list: [1] };
      await blobStore.put("k", value);
      value.list.push(2);
      const read = await blobStore.get<{ list: number[] }>("k");
      read?.list.push(3);
      expect(await blobStore.get("k")).toEqual({ list: [1] });
    });
  });
}
