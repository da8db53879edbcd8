import { describe, expect, it } from "vitest";
import { z } from "zod";
import { objectFromJsonSchema } from "./object-from-json-schema";

const PROMPT = [
  "Classify the following support ticket.",
  "The customer cannot export invoices since the upgrade.",
  "Invoices fail to export with a timeout, and the customer needs the invoices today.",
].join(" ");

interface Tree {
  name: string;
  children?: Tree[];
}
const TreeSchema: z.ZodType<Tree> = z.object({
  name: z.string(),
  get children() {
    return z.array(TreeSchema).optional();
  },
});

const SCHEMAS: Record<string, z.ZodType> = {
  summary: z.object({ title: z.string(), summary: z.string(), tags: z.array(z.string()) }),
  classification: z.object({
    labels: z.array(
      z.object({ name: z.string(), confidence: z.number().min(0).max(1), reasoning: z.string() }),
    ),
    primaryLabel: z.string(),
    priority: z.enum(["high", "medium", "low"]),
    urgent: z.boolean(),
  }),
  numbers: z.object({
    wordCount: z.int().min(0),
    sentences: z.int().positive().max(2),
    ratio: z.number().gt(0).lt(1),
    quarter: z.number().multipleOf(0.25).min(1).max(2),
  }),
  strings: z.object({
    code: z.string().regex(/^[A-Z]{3}$/),
    short: z.string().max(5),
    long: z.string().min(200),
    exact: z.string().length(4),
    email: z.email(),
    url: z.url(),
    id: z.uuid(),
    at: z.iso.datetime(),
    day: z.iso.date(),
  }),
  shapes: z.object({
    kind: z.literal("ticket"),
    pair: z.tuple([z.string(), z.number()]),
    maybe: z.string().nullable(),
    optional: z.number().optional(),
    union: z.union([z.number(), z.string()]),
    event: z.discriminatedUnion("type", [
      z.object({ type: z.literal("a"), a: z.string() }),
      z.object({ type: z.literal("b"), b: z.number() }),
    ]),
    counts: z.record(z.enum(["open", "closed"]), z.int()),
    atLeastTwo: z.array(z.string()).min(2).max(3),
    both: z.intersection(z.object({ x: z.string() }), z.object({ y: z.number() })),
    anything: z.unknown(),
    defaulted: z.string().default("d"),
  }),
  tree: TreeSchema,
  array: z.array(z.object({ point: z.string() })).min(1),
};

describe("objectFromJsonSchema", () => {
  it.each(Object.entries(SCHEMAS))("builds a valid value for the %s schema", (_, schema) => {
    const value = objectFromJsonSchema(z.toJSONSchema(schema) as Record<string, unknown>, PROMPT);
    const parsed = schema.safeParse(value);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(objectFromJsonSchema(z.toJSONSchema(schema) as Record<string, unknown>, PROMPT)).toEqual(
      value,
    );
  });

  it("fills strings from salient words and sentences and numbers from counts", () => {
    const value = objectFromJsonSchema(
      z.toJSONSchema(SCHEMAS.summary as z.ZodType) as Record<string, unknown>,
      PROMPT,
    );
    expect(value).toEqual({
      title: "invoices",
      summary: "Invoices fail to export with a timeout, and the customer needs the invoices today.",
      tags: ["customer", "export", "classify", "following", "support"],
    });
    const numbers = objectFromJsonSchema(
      z.toJSONSchema(SCHEMAS.numbers as z.ZodType) as Record<string, unknown>,
      PROMPT,
    );
    expect(numbers).toMatchObject({ wordCount: 27, sentences: 2 });
  });

  it("answers booleans by whether the property name occurs in the prompt", () => {
    const schema = z.object({ mentionsInvoices: z.boolean(), mentionsRefund: z.boolean() });
    expect(objectFromJsonSchema(z.toJSONSchema(schema) as Record<string, unknown>, PROMPT)).toEqual(
      {
        mentionsInvoices: true,
        mentionsRefund: false,
      },
    );
  });

  it("still validates with an empty prompt", () => {
    for (const schema of Object.values(SCHEMAS)) {
      expect(
        schema.safeParse(
          objectFromJsonSchema(z.toJSONSchema(schema) as Record<string, unknown>, ""),
        ).success,
      ).toBe(true);
    }
  });
});
