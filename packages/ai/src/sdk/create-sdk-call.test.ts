import { describe, expect, it } from "vitest";
import { AIInvalidRequestError } from "../errors/ai-provider-error";
import { createSdkCall } from "./create-sdk-call";

class FakeApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface FakeClient {
  id: number;
}

describe("createSdkCall", () => {
  it("constructs the client once, on the first call, and passes it to every call", async () => {
    const built: string[] = [];
    const call = createSdkCall(
      "acme",
      { apiKey: "k1" },
      async ({ apiKey }): Promise<FakeClient> => {
        built.push(apiKey);
        return { id: built.length };
      },
    );
    expect(built).toEqual([]);
    expect(await call(async (c) => c.id)).toBe(1);
    expect(await call(async (c) => c.id * 10)).toBe(10);
    expect(built).toEqual(["k1"]);
  });

  it("uses a given client without constructing one", async () => {
    let builds = 0;
    const construct = async (_: { apiKey: string }): Promise<FakeClient> => ({ id: ++builds });
    const call = createSdkCall("acme", { client: { id: 42 } }, construct);
    expect(await call(async (c) => c.id)).toBe(42);
    expect(builds).toBe(0);
  });

  it("does not keep a failed construction: the next call constructs again", async () => {
    let builds = 0;
    const call = createSdkCall("acme", { apiKey: "k" }, async (): Promise<FakeClient> => {
      builds += 1;
      if (builds === 1) throw new AIInvalidRequestError("acme", "SDK missing");
      return { id: builds };
    });
    await expect(call(async (c) => c.id)).rejects.toMatchObject({ message: "SDK missing" });
    expect(await call(async (c) => c.id)).toBe(2);
    expect(await call(async (c) => c.id)).toBe(2);
    expect(builds).toBe(2);
  });

  it("maps what the SDK throws, scrubbing the API key of constructed clients", async () => {
    const apiKey = "acme-key-123456";
    const call = createSdkCall("acme", { apiKey }, async (): Promise<FakeClient> => ({ id: 1 }));
    const error = await call(async () => {
      throw new FakeApiError(401, `key ${apiKey} rejected`);
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "AI_AUTHENTICATION_FAILED",
      provider: "acme",
      status: 401,
      message: "key [redacted] rejected",
    });
  });

  it("turns a 404 into BatchNotFoundError for calls given a batch id", async () => {
    const call = createSdkCall("acme", { client: { id: 1 } }, async (): Promise<FakeClient> => {
      throw new Error("not constructed");
    });
    const missing = async () => {
      throw new FakeApiError(404, "not found");
    };
    await expect(call(missing, "batch-9")).rejects.toMatchObject({
      code: "AI_BATCH_NOT_FOUND",
      batchId: "batch-9",
    });
    await expect(call(missing)).rejects.toMatchObject({ code: "AI_INVALID_REQUEST" });
  });

  it("reads errors with the given readers", async () => {
    const call = createSdkCall(
      "acme",
      { client: { id: 1 } },
      async (): Promise<FakeClient> => ({ id: 2 }),
      {
        isClientSideRefusal: (e) => e instanceof Error && e.message === "refused",
        messageOf: (e) => `acme: ${(e as Error).message}`,
      },
    );
    const refused = call(async () => {
      throw new Error("refused");
    });
    await expect(refused).rejects.toMatchObject({
      code: "AI_PROVIDER_ERROR",
      retryable: false,
      message: "acme: refused",
    });
  });
});
