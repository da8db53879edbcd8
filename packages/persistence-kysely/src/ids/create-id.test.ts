import { describe, expect, it } from "vitest";
import { createId } from "./create-id";

describe("createId", () => {
  it("makes UUIDv7 strings that sort in creation order, even within one millisecond", () => {
    const ids = Array.from({ length: 10_000 }, () => createId());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids.slice(0, 50)) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });
});
