import { createPostgresNodeBackend } from "./fixtures/backend";
import { describeNodeHostScenarios } from "./fixtures/scenarios";

describeNodeHostScenarios("Postgres (a database per test)", createPostgresNodeBackend);
