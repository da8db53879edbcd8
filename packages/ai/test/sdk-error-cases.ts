/**
 * The error-mapping cases every SDK-backed provider passes against its loopback fake, registered
 * into the caller's `describe`: a rate limit, a 5xx, a 400, a rejected key (never echoed back), an
 * aborted call and an unreachable host. Each provider's tests add their own quirks.
 * Errors are identified by `name` and `code`: they come from the provider's copy of
 * `@stageflow/ai`, not this folder's source.
 *
 * Imported by relative path: `import { itMapsSdkErrors } from "../../ai/test/sdk-error-cases";`
 */
import { expect, it } from "vitest";
import type { AIProvider } from "../src/provider";

/** What {@link itMapsSdkErrors} needs from a provider's tests. */
export interface SdkErrorVendor {
  /** The provider name errors carry. */
  name: string;
  /** A model to call. */
  model: string;
  /** A provider with a ready client on the fake. */
  provider: () => AIProvider;
  /** A provider that constructs its client from `apiKey`: on the fake, or on a refusing host. */
  withApiKey: (apiKey: string, host: "fake" | "unreachable") => AIProvider;
  /** Makes the fake answer its next request with this status and message. */
  failNext: (status: number, message: string) => void;
  /** Makes the fake answer its next request with a 429 asking, the vendor's way, to wait. */
  rateLimitNext: (message: string, retryAfterSeconds: number) => void;
  /** Whether errors carry the vendor's message as sent, with nothing added by the SDK. */
  exactMessages?: boolean;
  /** The API key of each request the fake received since the test began, read from its headers. */
  sentKeys: () => unknown[];
  /** A key the vendor would issue. */
  apiKey: string;
  /** The status the vendor answers a bad key with: 401 or 403. */
  authStatus: number;
}

/** Registers the shared error-mapping cases for one provider. */
export function itMapsSdkErrors(vendor: SdkErrorVendor): void {
  const request = { model: vendor.model, prompt: "x" };
  const failure = (provider: AIProvider) => provider.generateText(request).catch((e: unknown) => e);
  const expectMessage = (error: unknown, message: string) => {
    const actual = (error as Error).message;
    if (vendor.exactMessages) expect(actual).toBe(message);
    else expect(actual).toContain(message);
  };

  it("maps 429 to a retryable rate-limit error with the retryAfterMs the vendor asked for", async () => {
    vendor.rateLimitNext("slow down", 2);
    const error = await failure(vendor.provider());
    expect(error).toMatchObject({
      name: "AIRateLimitError",
      code: "AI_RATE_LIMITED",
      provider: vendor.name,
      status: 429,
      retryable: true,
      retryAfterMs: 2000,
    });
    expectMessage(error, "slow down");
  });

  it.each([
    [500, "AIServerError", "AI_SERVER_ERROR", true],
    [400, "AIInvalidRequestError", "AI_INVALID_REQUEST", false],
  ] as const)("maps %i to %s (retryable: %s)", async (status, name, code, retryable) => {
    vendor.failNext(status, `fake ${status}`);
    const error = await failure(vendor.provider());
    expect(error).toMatchObject({ name, code, provider: vendor.name, status, retryable });
    expectMessage(error, `fake ${status}`);
  });

  it(`maps ${vendor.authStatus} to an authentication error without leaking the key`, async () => {
    vendor.failNext(vendor.authStatus, `API key ${vendor.apiKey} is not valid`);
    const error = await failure(vendor.withApiKey(vendor.apiKey, "fake"));
    expect(error).toMatchObject({
      name: "AIAuthenticationError",
      code: "AI_AUTHENTICATION_FAILED",
      status: vendor.authStatus,
      retryable: false,
    });
    expectMessage(error, "API key [redacted] is not valid");
    expect((error as Error).message).not.toContain(vendor.apiKey);
    expect(vendor.sentKeys()).toEqual([vendor.apiKey]);
  });

  it("passes the abort signal to the SDK", async () => {
    const controller = new AbortController();
    controller.abort();
    const aborted = vendor.provider().generateText({ ...request, signal: controller.signal });
    await expect(aborted).rejects.toMatchObject({ code: "AI_PROVIDER_ERROR" });
    expect(vendor.sentKeys()).toHaveLength(0);
  });

  it("maps a connection failure to a retryable provider error", async () => {
    const down = vendor.withApiKey("test", "unreachable");
    await expect(down.generateText(request)).rejects.toMatchObject({
      code: "AI_PROVIDER_ERROR",
      retryable: true,
    });
  });
}
