import { describe, expect, it } from "vitest";
import { parseClusterArgs } from "../src/cli-args";

describe("parseClusterArgs", () => {
  it("reads the README's `pnpm start -- --workers 3 --runs 20` (pnpm passes the `--` through)", () => {
    expect(parseClusterArgs(["--", "--workers", "3", "--runs", "20"])).toEqual({
      workers: 3,
      runs: 20,
      keep: false,
    });
  });

  it("reads the flags without `--`, with defaults", () => {
    expect(parseClusterArgs(["--workers", "2", "--keep"])).toEqual({
      workers: 2,
      runs: 20,
      keep: true,
    });
    expect(parseClusterArgs([])).toEqual({ workers: 3, runs: 20, keep: false });
  });
});
