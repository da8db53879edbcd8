import { describe, expect, it } from "vitest";
import { parseServerlessArgs } from "../src/cli-args";

describe("parseServerlessArgs", () => {
  it("reads the README's `pnpm start -- --platform …` (pnpm passes the `--` through)", () => {
    expect(parseServerlessArgs(["--", "--platform", "cloudflare-workers", "--runs", "3"])).toEqual({
      platform: "cloudflare-workers",
      runs: 3,
    });
  });

  it("reads the flags without `--`, with defaults", () => {
    expect(parseServerlessArgs(["--runs", "2"])).toEqual({ platform: "aws-lambda", runs: 2 });
    expect(parseServerlessArgs([])).toEqual({ platform: "aws-lambda", runs: 5 });
  });
});
