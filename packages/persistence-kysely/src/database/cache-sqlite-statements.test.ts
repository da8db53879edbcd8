import type { SqliteStatement } from "kysely";
import { describe, expect, it } from "vitest";
import { cacheSqliteStatements } from "./cache-sqlite-statements";

describe("cacheSqliteStatements", () => {
  it("prepares each SQL text once and evicts the least recently used beyond capacity", () => {
    const prepared: string[] = [];
    let closed = false;
    const db = cacheSqliteStatements(
      {
        prepare(sql) {
          prepared.push(sql);
          return { sql } as unknown as SqliteStatement;
        },
        close() {
          closed = true;
        },
      },
      2,
    );
    const a = db.prepare("a");
    expect(db.prepare("a")).toBe(a);
    db.prepare("b");
    db.prepare("a");
    db.prepare("c");
    db.prepare("a");
    db.prepare("b");
    expect(prepared).toEqual(["a", "b", "c", "b"]);
    db.close();
    expect(closed).toBe(true);
  });
});
