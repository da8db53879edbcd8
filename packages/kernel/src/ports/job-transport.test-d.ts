import { describe, expectTypeOf, it } from "vitest";
import type { JobRecord } from "../records/job-record";
import type { JobTransport } from "./job-transport";

describe("JobTransport", () => {
  it("requires claim: one job by id, or null", () => {
    expectTypeOf<JobTransport["claim"]>().toEqualTypeOf<
      (options: { workerId: string; jobId: string; now: Date }) => Promise<JobRecord | null>
    >();
  });
});
