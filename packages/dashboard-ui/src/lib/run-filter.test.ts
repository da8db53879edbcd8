import { describe, expect, it } from "vitest";
import {
  EMPTY_FILTER,
  fieldProblem,
  formatRunFilter,
  isEmptyFilter,
  isoToLocalInput,
  localInputToIso,
  parseRunFilter,
  runFilterBody,
} from "./run-filter";

describe("run filter codec", () => {
  it("round-trips every field through the query string", () => {
    const filter = {
      status: ["FAILED", "RUNNING"],
      workflow: ["ingest", "summarize"],
      from: "2026-01-01T00:00:00.000Z",
      to: "2026-02-01T00:00:00.000Z",
      q: "run_ab",
      field: "metadata.customer.id",
      value: "a&b=c d",
    };
    const text = formatRunFilter(filter);
    expect(text).toBe(
      "status=FAILED%2CRUNNING&workflow=ingest%2Csummarize&from=2026-01-01T00%3A00%3A00.000Z" +
        "&to=2026-02-01T00%3A00%3A00.000Z&q=run_ab&field=metadata.customer.id&value=a%26b%3Dc+d",
    );
    expect(parseRunFilter(`?${text}`)).toEqual(filter);
  });

  it("leaves out empty parts and value without field", () => {
    expect(formatRunFilter(EMPTY_FILTER)).toBe("");
    expect(formatRunFilter({ ...EMPTY_FILTER, value: "x" })).toBe("");
    expect(formatRunFilter({ ...EMPTY_FILTER, field: "input.n", value: "" })).toBe(
      "field=input.n&value=",
    );
    expect(isEmptyFilter({ ...EMPTY_FILTER, value: "x" })).toBe(true);
    expect(isEmptyFilter({ ...EMPTY_FILTER, q: "r" })).toBe(false);
  });

  it("parses comma lists leniently: trims, drops blanks and duplicates, upper-cases statuses", () => {
    const filter = parseRunFilter("status=failed,%20RUNNING,,FAILED&workflow=a,,b,a&unknown=1");
    expect(filter.status).toEqual(["FAILED", "RUNNING"]);
    expect(filter.workflow).toEqual(["a", "b"]);
    expect(filter.q).toBe("");
  });

  it("builds the bulk body with arrays and only the set parts", () => {
    expect(runFilterBody(EMPTY_FILTER)).toEqual({});
    expect(
      runFilterBody({ ...EMPTY_FILTER, status: ["RUNNING"], field: "output.ok", value: "true" }),
    ).toEqual({ status: ["RUNNING"], field: "output.ok", value: "true" });
  });

  it("converts between ISO and datetime-local values", () => {
    const iso = localInputToIso("2026-03-04T05:06");
    expect(iso).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/);
    expect(isoToLocalInput(iso)).toBe("2026-03-04T05:06");
    expect(localInputToIso("")).toBe("");
    expect(localInputToIso("nonsense")).toBe("");
    expect(isoToLocalInput("nonsense")).toBe("");
  });

  it("accepts only metadata, input and output field paths", () => {
    expect(fieldProblem("")).toBeNull();
    expect(fieldProblem("metadata.customer")).toBeNull();
    expect(fieldProblem("input.doc.lang")).toBeNull();
    expect(fieldProblem("output.a")).toBeNull();
    expect(fieldProblem("metadata.")).toMatch(/metadata/);
    expect(fieldProblem("meta.x")).not.toBeNull();
    expect(fieldProblem("input..x")).not.toBeNull();
    expect(fieldProblem("config.x")).not.toBeNull();
  });
});
