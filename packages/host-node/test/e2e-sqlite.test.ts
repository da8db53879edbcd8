import { createSqliteNodeBackend } from "./fixtures/backend";
import { describeNodeHostScenarios } from "./fixtures/scenarios";

describeNodeHostScenarios("SQLite (file)", createSqliteNodeBackend);
