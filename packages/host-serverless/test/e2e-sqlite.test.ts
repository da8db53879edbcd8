import { createSqliteBackend } from "@stageflow/test-support";
import { describeServerlessScenarios } from "./fixtures/scenarios";

describeServerlessScenarios("SQLite (file)", createSqliteBackend);
