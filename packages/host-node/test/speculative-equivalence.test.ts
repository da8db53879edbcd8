import { createScenarioWorkflows, Probe } from "@stageflow/test-support";
import { describe, expect, it, vi } from "vitest";
import { createNodeHost, runAndWait } from "../src/index";
import { createPostgresNodeBackend } from "./fixtures/backend";
import { TEST_TUNING } from "./fixtures/scenarios";
import { createWorld } from "./fixtures/world";

/** The scenarios compared, with their input values. */
const SCENARIOS = [
  ["linear", 1],
  ["parallel", 2],
  ["diamond", 3],
  ["batch", 4],
  ["retry", 5],
] as const;

/**
 * What a finished run left in the database, without ids and times (which differ between any two
 * runs): the run, its stages by id, its jobs by stage and attempt, and its published events by
 * type and stage with their sequences.
 */
type RunState = Record<string, unknown>;

/**
 * Runs every scenario through one node host (concurrency 1) and returns each run's state, and how
 * many speculative commits went through.
 */
async function runScenarios(
  speculativeCommits: boolean,
): Promise<{ states: RunState[]; committed: number }> {
  const probe = new Probe();
  const workflows = createScenarioWorkflows(probe);
  const backend = await createPostgresNodeBackend({ speculativeCommits });
  let committed = 0;
  const { persistence } = backend;
  const speculate = persistence.speculate?.bind(persistence);
  if (speculate !== undefined) {
    persistence.speculate = (snapshot, options) => {
      const speculative = speculate(snapshot, options);
      if (speculative === undefined) return undefined;
      const commit = speculative.commit.bind(speculative);
      speculative.commit = async () => {
        const done = await commit();
        if (done) committed++;
        return done;
      };
      return speculative;
    };
  }
  const world = createWorld(backend, Object.values(workflows));
  const host = createNodeHost({
    kernel: world.kernel,
    jobTransport: world.backend.jobTransport,
    workerId: "host-1",
    ...TEST_TUNING,
    concurrency: 1,
    wakeups: world.backend.wakeups,
  });
  await host.start();
  try {
    const states: RunState[] = [];
    for (const [workflowId, value] of SCENARIOS) {
      const run = await runAndWait({
        kernel: world.kernel,
        persistence: world.backend.persistence,
        host,
        command: { type: "run.create", workflowId, input: { value } },
        timeoutMs: 20_000,
      });
      const id = run.workflowRunId;
      const events = await vi.waitFor(() => {
        const mine = world.sink.events.filter((event) => event.workflowRunId === id);
        expect(mine.map((event) => event.type)).toContain("workflow:completed");
        return mine;
      });
      const record = await world.backend.persistence.getRun(id);
      const stages = await world.backend.persistence.getStagesByRun(id);
      const jobs = await world.backend.persistence.getJobsByRun(id);
      states.push({
        workflowId,
        run: {
          status: record?.status,
          version: record?.version,
          currentGroup: record?.currentGroup,
          output: record?.output,
          error: record?.error,
        },
        stages: stages
          .map((s) => ({
            stageId: s.stageId,
            status: s.status,
            attempt: s.attempt,
            version: s.version,
            groupIndex: s.groupIndex,
            outputRef: s.outputRef === null ? null : "set",
            error: s.error,
            progress: s.progress,
          }))
          .sort((a, b) => a.stageId.localeCompare(b.stageId)),
        jobs: jobs.map((j) => `${j.stageId}#${j.attempt}:${j.status}:${j.lockedBy ?? "-"}`).sort(),
        events: events.map((e) => `${e.type}:${"stageId" in e ? String(e.stageId) : ""}`).sort(),
        sequences: events.map((e) => e.sequence).sort((a, b) => (a ?? 0) - (b ?? 0)),
      });
    }
    return { states, committed };
  } finally {
    await host.stop();
    await world.backend.close();
  }
}

describe("speculative commits write what transactions write (Postgres)", () => {
  it("leaves the same runs, stages, jobs and events in every scenario", async () => {
    const speculative = await runScenarios(true);
    const transactional = await runScenarios(false);
    // Most starts and completions went the speculative way (the rest fell back), none the other.
    expect(speculative.committed).toBeGreaterThan(10);
    expect(transactional.committed).toBe(0);
    expect(speculative.states).toEqual(transactional.states);
    for (const state of speculative.states) {
      const sequences = state.sequences as number[];
      expect(sequences).toEqual(sequences.map((_, i) => i + 1));
    }
  });
});
