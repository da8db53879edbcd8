import { createMemoryBackend } from "@stageflow/test-support";
import { describeNodeHostScenarios } from "./fixtures/scenarios";

describeNodeHostScenarios("the in-memory adapters", createMemoryBackend);
