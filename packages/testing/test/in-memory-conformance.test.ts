import {
  describeBlobStoreConformance,
  describeJobTransportConformance,
  describePersistenceConformance,
} from "../src/conformance/index";
import { InMemoryBlobStore, InMemoryJobTransport, InMemoryPersistence } from "../src/index";

async function setup() {
  const persistence = new InMemoryPersistence();
  const jobTransport = new InMemoryJobTransport(persistence);
  return {
    persistence,
    jobTransport,
    blobStore: new InMemoryBlobStore(),
    teardown: () => jobTransport.close(),
  };
}

describePersistenceConformance("in-memory", setup);
describeJobTransportConformance("in-memory", setup);
describeBlobStoreConformance("in-memory", setup);
