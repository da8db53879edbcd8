import { createMemoryBackend } from "./fixtures/backend";
import { describeNodeHostScenarios } from "./fixtures/scenarios";

describeNodeHostScenarios("the in-memory adapters", createMemoryBackend);
