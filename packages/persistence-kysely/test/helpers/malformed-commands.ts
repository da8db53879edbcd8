/** One malformed command and the field its `InvalidCommandError` must name. */
export interface MalformedCase {
  readonly name: string;
  readonly command: unknown;
  /** The expected `field` (a prefix for values nested inside `input`, `config`, `metadata`). */
  readonly field: string;
}

/** `depth` objects nested in one another. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
}

const BAD_STRINGS: readonly unknown[] = [123, true, {}, [], null, "", "   "];
const POISON_STRINGS: readonly string[] = ["run\u0000id", "lone\uD800", "\uDC00x"];
const BAD_IDS = [...BAD_STRINGS, ...POISON_STRINGS, "x".repeat(513)];
const BAD_KEYS = [...BAD_IDS, "k".repeat(5_000_000)];
const BAD_COUNTS: readonly unknown[] = [
  "100",
  "0",
  -1,
  1.5,
  Number.NaN,
  Infinity,
  2 ** 31,
  null,
  {},
];
const BAD_DURATIONS: readonly unknown[] = [-1, "0", Number.NaN, Infinity, 1e16, null, {}, "60000"];
const BAD_INT32: readonly unknown[] = [Number.NaN, 1.5, 2 ** 31, -(2 ** 31), "5", Infinity, null];
const BAD_VALUES: readonly unknown[] = [
  nested(5_000),
  { text: "a\u0000b" },
  { "key\u0000": 1 },
  ["ok", "\uD83D"],
];
const BAD_OBJECTS: readonly unknown[] = [123, "str", [], null, true, new Date(0), ...BAD_VALUES];
const BAD_SIGNALS: readonly unknown[] = [{}, "signal", 1, null, { aborted: "no" }];
const BAD_STARTED: readonly unknown[] = ["started", 1, null, {}, { job: {}, run: {}, stages: 1 }];

/** Valid commands of every type: each case below breaks exactly one field of one of them. */
export const VALID_COMMANDS: Record<string, Record<string, unknown>> = {
  "run.create": {
    type: "run.create",
    workflowId: "wf",
    input: { n: 1 },
    config: {},
    priority: 5,
    metadata: { team: "a" },
    idempotencyKey: "key-1",
  },
  "run.claimPending": { type: "run.claimPending", workerId: "w", maxClaims: 5, startJobs: 1 },
  "run.transition": { type: "run.transition", workflowRunId: "r" },
  "run.cancel": { type: "run.cancel", workflowRunId: "r", reason: "because" },
  "run.rerunFrom": { type: "run.rerunFrom", workflowRunId: "r", fromStageId: "a" },
  "run.reapStuck": { type: "run.reapStuck", stuckThresholdMs: 0, maxRuns: 5 },
  "job.execute": {
    type: "job.execute",
    jobId: "j",
    workflowRunId: "r",
    workflowId: "wf",
    stageId: "a",
    workerId: "w",
    signal: new AbortController().signal,
    startNextJobs: 1,
    idempotencyKey: "key-2",
  },
  "stage.pollSuspended": { type: "stage.pollSuspended", maxChecks: 5 },
  "lease.reapStale": { type: "lease.reapStale", staleThresholdMs: 60_000 },
  "outbox.flush": { type: "outbox.flush", maxEvents: 100, workerId: "w" },
  "plugin.replayDLQ": { type: "plugin.replayDLQ", maxEvents: 100 },
};

/** The bad values tried for each field of each command type (`required` fields are also omitted). */
const FIELDS: Record<string, Record<string, { bad: readonly unknown[]; required?: boolean }>> = {
  "run.create": {
    workflowId: { bad: BAD_IDS, required: true },
    input: { bad: BAD_VALUES },
    config: { bad: BAD_OBJECTS },
    priority: { bad: BAD_INT32 },
    metadata: { bad: BAD_OBJECTS },
    idempotencyKey: { bad: BAD_KEYS },
  },
  "run.claimPending": {
    workerId: { bad: BAD_IDS, required: true },
    maxClaims: { bad: [0, ...BAD_COUNTS] },
    startJobs: { bad: BAD_COUNTS },
  },
  "run.transition": { workflowRunId: { bad: BAD_IDS, required: true } },
  "run.cancel": {
    workflowRunId: { bad: BAD_IDS, required: true },
    reason: { bad: [...BAD_STRINGS, ...POISON_STRINGS] },
  },
  "run.rerunFrom": {
    workflowRunId: { bad: BAD_IDS, required: true },
    fromStageId: { bad: BAD_IDS, required: true },
  },
  "run.reapStuck": {
    stuckThresholdMs: { bad: BAD_DURATIONS },
    maxRuns: { bad: [0, ...BAD_COUNTS] },
  },
  "job.execute": {
    jobId: { bad: BAD_IDS, required: true },
    workflowRunId: { bad: BAD_IDS, required: true },
    workflowId: { bad: BAD_IDS, required: true },
    stageId: { bad: BAD_IDS, required: true },
    workerId: { bad: BAD_IDS, required: true },
    signal: { bad: BAD_SIGNALS },
    started: { bad: BAD_STARTED },
    startNextJobs: { bad: BAD_COUNTS },
    idempotencyKey: { bad: BAD_KEYS },
  },
  "stage.pollSuspended": { maxChecks: { bad: [0, ...BAD_COUNTS] } },
  "lease.reapStale": { staleThresholdMs: { bad: BAD_DURATIONS, required: true } },
  "outbox.flush": { maxEvents: { bad: [0, ...BAD_COUNTS] }, workerId: { bad: BAD_IDS } },
  "plugin.replayDLQ": { maxEvents: { bad: [0, ...BAD_COUNTS] } },
};

function describeValue(value: unknown): string {
  if (typeof value === "string") {
    return value.length > 20 ? `a ${value.length}-character string` : JSON.stringify(value);
  }
  if (typeof value === "number") return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = "a deeply nested object";
  }
  return text.length > 30 ? `${text.slice(0, 30)}…` : text;
}

/**
 * Every malformed command of the fuzz: each field of each command type set to each bad value of
 * its kind, each required field omitted, and commands that are not objects or have no string type.
 */
export function malformedCommands(): MalformedCase[] {
  const cases: MalformedCase[] = [];
  for (const [type, fields] of Object.entries(FIELDS)) {
    const valid = VALID_COMMANDS[type] ?? {};
    for (const [field, { bad, required }] of Object.entries(fields)) {
      for (const value of bad) {
        cases.push({
          name: `${type} ${field}: ${describeValue(value)}`,
          command: { ...valid, [field]: value },
          field,
        });
      }
      if (required) {
        const { [field]: _omitted, ...rest } = valid;
        cases.push({ name: `${type} without ${field}`, command: rest, field });
      }
    }
  }
  for (const command of [null, undefined, 42, "run.create", [], [{ type: "run.create" }]]) {
    cases.push({ name: `the command ${describeValue(command)}`, command, field: "command" });
  }
  for (const type of [undefined, 5, null, {}]) {
    cases.push({ name: `type ${describeValue(type)}`, command: { type }, field: "type" });
  }
  return cases;
}
