import { describe, expect, it } from "vitest";
import { schemaIdentifier } from "./schema-identifier";

describe("schemaIdentifier", () => {
  it("keeps a valid name and replaces other characters with underscores", () => {
    expect(schemaIdentifier("Blog_post-2")).toBe("Blog_post-2");
    expect(schemaIdentifier("blog post")).toBe("blog_post");
    expect(schemaIdentifier("résumé.v1")).toBe("r_sum__v1");
  });

  it("cuts long names to 64 characters", () => {
    expect(schemaIdentifier("x".repeat(80))).toBe("x".repeat(64));
  });

  it("names a missing or empty schema `output`", () => {
    expect(schemaIdentifier(undefined)).toBe("output");
    expect(schemaIdentifier("")).toBe("output");
  });
});
