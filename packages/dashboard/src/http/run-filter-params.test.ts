import { describe, expect, it } from "vitest";
import { ApiError } from "./api-error";
import { parseFieldValue, parseFilterQuery, toRunFilter } from "./run-filter-params";

describe("run filter parameters", () => {
  it("types field values: booleans, finite numbers, else text", () => {
    expect(parseFieldValue("true")).toBe(true);
    expect(parseFieldValue("false")).toBe(false);
    expect(parseFieldValue("42")).toBe(42);
    expect(parseFieldValue("-1.5e3")).toBe(-1500);
    expect(parseFieldValue("007")).toBe("007");
    expect(parseFieldValue("1e999")).toBe("1e999");
    expect(parseFieldValue("null")).toBe("null");
    expect(parseFieldValue("")).toBe("");
    expect(parseFieldValue("abc")).toBe("abc");
  });

  it("maps the query to the kernel's filter", () => {
    const filter = toRunFilter(
      parseFilterQuery({
        status: "FAILED, CANCELLED",
        workflow: "a,b",
        from: "2026-01-01",
        to: "2026-02-01T00:00:00Z",
        q: "01a2",
        field: "metadata.customer.tier",
        value: "3",
      }),
    );
    expect(filter).toEqual({
      status: ["FAILED", "CANCELLED"],
      workflowId: ["a", "b"],
      createdAfter: "2026-01-01",
      createdBefore: "2026-02-01T00:00:00Z",
      idPrefix: "01a2",
      field: { source: "metadata", path: ["customer", "tier"], value: 3 },
    });
    expect(toRunFilter(parseFilterQuery({ status: "", q: "" }))).toEqual({});
  });

  it("refuses unknown parameters and malformed values with INVALID_PARAMETER", () => {
    for (const query of <Record<string, string>[]>[
      { status: "DONE" },
      { from: "tomorrow" },
      { field: "metadata" },
      { field: "metadata..x", value: "1" },
      { field: "config.x", value: "1" },
      { field: "metadata.x" },
      { value: "1" },
      { extra: "1" },
    ]) {
      let error: unknown;
      try {
        parseFilterQuery(query);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe("INVALID_PARAMETER");
    }
  });
});
