import { createSqliteWorld } from "./fixtures/backend";
import { describeServerlessScenarios } from "./fixtures/scenarios";

describeServerlessScenarios("SQLite (file)", createSqliteWorld);
