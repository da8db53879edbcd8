import {
  describeBlobStoreConformance,
  describeJobTransportConformance,
  describePersistenceConformance,
} from "../src/conformance/index";
import {
  InMemoryAICallLogger,
  InMemoryBlobStore,
  InMemoryJobTransport,
  InMemoryPersistence,
} from "../src/index";

async function setup() {
  const aiCalls = new InMemoryAICallLogger();
  const persistence = new InMemoryPersistence({ aiCalls });
  const jobTransport = new InMemoryJobTransport(persistence);
  return {
    persistence,
    jobTransport,
    blobStore: new InMemoryBlobStore(),
    logAICall: (call: Parameters<InMemoryAICallLogger["logCall"]>[0]) => aiCalls.logCall(call),
    teardown: () => jobTransport.close(),
  };
}

describePersistenceConformance("in-memory", setup, { fastPaths: ["recordStageProgress"] });
describeJobTransportConformance("in-memory", setup);
describeBlobStoreConformance("in-memory", setup);
