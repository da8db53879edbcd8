import { createSqliteBackend } from "./fixtures/backend";
import { describeNodeHostScenarios } from "./fixtures/scenarios";

describeNodeHostScenarios("SQLite (file)", createSqliteBackend);
