import { describe, expectTypeOf, it } from "vitest";
import type { RunPurgeResult } from "../commands/command-types";
import type { Kernel } from "../kernel/create-kernel";
import type { RunStatus } from "../records/run-record";
import type { RunDetail, RunListPage, RunSummary } from "./run-query-types";

declare const kernel: Kernel;

describe("kernel.query and run.purge", () => {
  it("are typed end to end", () => {
    expectTypeOf(
      kernel.query.listRuns({ status: ["FAILED"] }),
    ).resolves.toEqualTypeOf<RunListPage>();
    expectTypeOf(kernel.query.getRunDetail("r")).resolves.toEqualTypeOf<RunDetail | null>();
    expectTypeOf<RunSummary["durationMs"]>().toEqualTypeOf<number | null>();
    expectTypeOf<RunSummary["createdAt"]>().toEqualTypeOf<Date>();
    expectTypeOf<
      keyof Awaited<ReturnType<Kernel["query"]["countRuns"]>>["byStatus"]
    >().toEqualTypeOf<RunStatus>();
    expectTypeOf(
      kernel.dispatch({ type: "run.purge", olderThanMs: 1 }),
    ).resolves.toEqualTypeOf<RunPurgeResult>();
  });

  it("rejects what cannot be right at compile time", () => {
    // @ts-expect-error not a run status
    void kernel.query.listRuns({ status: "DONE" });
    // @ts-expect-error a listing has no input
    void ((page: RunListPage) => page.runs[0]?.input);
    // @ts-expect-error run.purge never deletes RUNNING runs
    void kernel.dispatch({ type: "run.purge", olderThanMs: 1, statuses: ["RUNNING"] });
    // @ts-expect-error run.purge needs olderThanMs
    void kernel.dispatch({ type: "run.purge" });
  });
});
