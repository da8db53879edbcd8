/**
 * The run of the vendors that batch text and structured-output requests together: its input (a
 * question, a request the fakes fail, a `Classify:` request answered with a valid verdict and one
 * answered with an invalid one), what the fakes answer, and the outcome every vendor must reach.
 */
import type { ExpectedRequest } from "./batch-scenarios";

/** The run's input; `prepare` drops the blank text and trims the rest. */
export const CLASSIFY_TEXTS = [
  "  What is a durable workflow?  ",
  "",
  "Please fail this one",
  "Classify: workflows that survive crashes",
  "Classify: bogus",
] as const;

/** What `prepare` makes of {@link CLASSIFY_TEXTS}: the prompts by request id. */
export const PROMPTS = {
  q0: "What is a durable workflow?",
  q1: "Please fail this one",
  q2: "Classify: workflows that survive crashes",
  q3: "Classify: bogus",
} as const;

/** The fakes' text answer. */
export const REPLY = "Durable workflows survive crashes.";
/** The verdict the fakes give the valid `Classify:` request. */
export const VERDICT = { topic: "workflows", durable: true };
/** The object the fakes give the "bogus" request: it does not match the schema. */
export const BOGUS = { topic: 42 };

/** Per request id, whether it must go out as a structured-output request. */
export const STRUCTURED = [
  ["q0", false],
  ["q1", false],
  ["q2", true],
  ["q3", true],
] as const;

/** How a vendor reports and bills the run's requests. */
export interface ClassifyBilling {
  /** The error of the request the fake fails. */
  failure: string;
  /** Output tokens billed for the text answer, the verdict and the bogus object. */
  outputTokens: { reply: number; verdict: number; bogus: number };
}

/**
 * The outcome of every request. The bogus object fails validation but was answered, so it is
 * billed; the failed request is not.
 */
export function classifyOutcome(billing: ClassifyBilling): Record<string, ExpectedRequest> {
  const { outputTokens } = billing;
  return {
    q0: {
      status: "succeeded",
      value: REPLY,
      inputTokens: PROMPTS.q0.length,
      outputTokens: outputTokens.reply,
    },
    q1: { status: "failed", error: billing.failure, inputTokens: 0, outputTokens: 0 },
    q2: {
      status: "succeeded",
      value: VERDICT,
      inputTokens: PROMPTS.q2.length,
      outputTokens: outputTokens.verdict,
    },
    q3: {
      status: "failed",
      rawText: JSON.stringify(BOGUS),
      inputTokens: PROMPTS.q3.length,
      outputTokens: outputTokens.bogus,
    },
  };
}
