import { describe, expect, it } from "vitest";
import { COMMAND_SCHEMAS } from "./command-schemas";
import { isWellFormedJobExecute } from "./job-execute-fast-check";

const valid = {
  type: "job.execute",
  jobId: "job-1",
  workflowRunId: "run-1",
  workflowId: "wf",
  stageId: "a",
  workerId: "worker-1",
};

const BAD_IDS: unknown[] = [
  undefined,
  null,
  "",
  "   ",
  "x".repeat(513),
  "a\u0000b",
  "\ud800",
  7,
  {},
  ["a"],
];
const BAD_OPTIONAL: Record<string, unknown[]> = {
  signal: [null, {}, { aborted: "no", addEventListener() {} }, { aborted: false }, 1],
  started: [
    null,
    [],
    { job: { id: "j" }, run: { id: "r" } },
    { job: { id: "" }, run: { id: "r" }, stages: [] },
    { job: { id: "j" }, run: {}, stages: [] },
    { job: { id: "j" }, run: { id: "r" }, stages: [{ stageId: 1 }] },
    { job: { id: "j" }, run: { id: "r" }, stages: [null] },
  ],
  snapshot: [null, 5, { job: { id: "j" }, run: { id: "r" } }, { job: null, run: {}, stages: [] }],
  startNextJobs: [-1, 1.5, 2 ** 31, Number.NaN, "1", null],
  outboxWakeup: ["never", "", null, true],
  idempotencyKey: ["", "\u0000", 3, null],
};

const accepts = (command: unknown) => COMMAND_SCHEMAS["job.execute"].safeParse(command).success;

describe("isWellFormedJobExecute", () => {
  it("accepts well-formed commands, with and without their optional fields", () => {
    const signal = new AbortController().signal;
    const started = { job: { id: "j" }, run: { id: "r" }, stages: [{ stageId: "a" }] };
    for (const command of [
      valid,
      { ...valid, signal, started, startNextJobs: 0, idempotencyKey: "k" },
      { ...valid, snapshot: started, outboxWakeup: "runEnd" },
      { ...valid, outboxWakeup: "always" },
      { ...valid, startNextJobs: 2 ** 31 - 1, extra: "ignored" },
    ]) {
      expect(accepts(command)).toBe(true);
      expect(isWellFormedJobExecute(command)).toBe(true);
    }
  });

  it("never accepts a command the schema refuses", () => {
    const variants: Record<string, unknown>[] = [];
    for (const field of ["jobId", "workflowRunId", "workflowId", "stageId", "workerId"]) {
      for (const bad of BAD_IDS) variants.push({ ...valid, [field]: bad });
    }
    for (const [field, bads] of Object.entries(BAD_OPTIONAL)) {
      for (const bad of bads) variants.push({ ...valid, [field]: bad });
    }
    for (const command of variants) {
      expect(accepts(command)).toBe(false);
      expect(isWellFormedJobExecute(command)).toBe(false);
    }
  });
});
