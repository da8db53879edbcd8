import { createPostgresNodeBackend } from "./fixtures/backend";
import { describeNodeHostScenarios } from "./fixtures/scenarios";

// The same scenarios with every outcome committed in a transaction: the path a speculative
// commit falls back to must keep working on its own.
describeNodeHostScenarios("Postgres without speculative commits", () =>
  createPostgresNodeBackend({ speculativeCommits: false }),
);
