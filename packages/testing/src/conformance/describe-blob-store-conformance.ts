import { describe } from "vitest";
import { blobStoreTests } from "./blob-store-conformance";
import {
  type BlobStoreConformanceContext,
  type ConformanceSetup,
  useConformanceContext,
} from "./conformance-context";

/**
 * Registers the `BlobStore` conformance suite (vitest): round trips, overwrite, delete, sorted
 * prefix listing (with `%` and `_` taken literally), a 10 MB value, rejection of non-JSON values.
 * `setup` runs before each test and must return an empty store.
 *
 * @example
 * ```ts
 * describeBlobStoreConformance("in-memory", async () => ({ blobStore: new InMemoryBlobStore() }));
 * ```
 */
export function describeBlobStoreConformance(
  name: string,
  setup: ConformanceSetup<BlobStoreConformanceContext>,
): void {
  describe(`BlobStore conformance: ${name}`, () => {
    const ctx = useConformanceContext(setup, (context) => {
      if (!context.blobStore)
        throw new Error(`Conformance setup of "${name}" returned no blobStore.`);
    });
    blobStoreTests(ctx);
  });
}
