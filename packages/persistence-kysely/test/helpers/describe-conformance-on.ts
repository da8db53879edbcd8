import {
  describeBlobStoreConformance,
  describeJobTransportConformance,
  describePersistenceConformance,
} from "@stageflow/testing/conformance";
import {
  createKyselyAICallLogger,
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
} from "../../src/index";
import { TARGETS, type TargetName } from "./targets";

/** Registers the three `@stageflow/testing` conformance suites on one target. */
export function describeConformanceOn(name: TargetName): void {
  const setup = async () => {
    const target = await TARGETS[name]();
    return {
      persistence: createKyselyPersistence(target.db),
      jobTransport: createKyselyJobTransport(target.db),
      blobStore: createKyselyBlobStore(target.db),
      logAICall: createKyselyAICallLogger(target.db).logCall,
      teardown: target.teardown,
    };
  };
  describePersistenceConformance(name, setup, {
    fastPaths: ["createRunWithEvent", "insertStagesJobsAndEvents", "recordStageProgress"],
  });
  describeJobTransportConformance(name, setup);
  describeBlobStoreConformance(name, setup);
}
