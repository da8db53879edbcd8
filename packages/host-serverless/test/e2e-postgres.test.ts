import { createPostgresBackend } from "@stageflow/test-support";
import { describeServerlessScenarios } from "./fixtures/scenarios";

describeServerlessScenarios("Postgres (a schema per test)", () =>
  createPostgresBackend({ schemaPrefix: "sf_host_serverless", maxConnections: 6 }),
);
