import { createPostgresWorld } from "./fixtures/backend";
import { describeServerlessScenarios } from "./fixtures/scenarios";

describeServerlessScenarios("Postgres (a schema per test)", createPostgresWorld);
