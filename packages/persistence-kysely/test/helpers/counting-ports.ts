import type { BlobStore, JobTransport, Persistence } from "@stageflow/kernel";

/** Ports that count every method call made on them (reads and writes alike). */
export interface CountingPorts {
  readonly persistence: Persistence;
  readonly jobTransport: JobTransport;
  readonly blobStore: BlobStore;
  /** Method calls since the last {@link CountingPorts.reset}, as `port.method` names. */
  readonly calls: string[];
  reset(): void;
}

function counting<T extends object>(target: T, name: string, calls: string[]): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.push(`${name}.${String(property)}`);
        return (value as (...a: unknown[]) => unknown).apply(object, args);
      };
    },
  });
}

/** Wraps the three ports so a test can assert that a command touched none of them. */
export function countingPorts(ports: {
  readonly persistence: Persistence;
  readonly jobTransport: JobTransport;
  readonly blobStore: BlobStore;
}): CountingPorts {
  const calls: string[] = [];
  return {
    persistence: counting(ports.persistence, "persistence", calls),
    jobTransport: counting(ports.jobTransport, "jobTransport", calls),
    blobStore: counting(ports.blobStore, "blobStore", calls),
    calls,
    reset: () => {
      calls.length = 0;
    },
  };
}
