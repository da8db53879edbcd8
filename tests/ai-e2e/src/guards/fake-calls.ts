/**
 * The OpenAI loopback fake of `@stageflow/ai-openai`'s tests, with what the guard tests count at
 * the fake: when each chat completion arrived, and which requests carry a tag.
 */
import type { RecordedRequest } from "../../../../packages/ai/test/fake-http-server";
import {
  type FakeOpenAIServer,
  startFakeOpenAIServer,
} from "../../../../packages/ai-openai/test/fake-openai-server";

/** A running fake and its arrival log. */
export interface CountingFake {
  readonly server: FakeOpenAIServer;
  /** `Date.now()` at the fake for every chat completion it answered, in arrival order. */
  readonly arrivals: number[];
  /** The text of every answer; default `echo: <prompt>`. */
  reply: (prompt: string) => string;
  /** Chat completion requests whose body mentions `tag`. */
  chatRequests(tag: string): RecordedRequest[];
}

function lastPrompt(body: Record<string, unknown>): string {
  const messages = body.messages as { content?: unknown }[] | undefined;
  const content = messages?.at(-1)?.content;
  return typeof content === "string" ? content : JSON.stringify(content ?? "");
}

/** Starts the fake on 127.0.0.1. */
export async function startCountingFake(): Promise<CountingFake> {
  const arrivals: number[] = [];
  const fake: CountingFake = {
    server: undefined as unknown as FakeOpenAIServer,
    arrivals,
    reply: (prompt) => `echo: ${prompt}`,
    chatRequests: (tag) =>
      fake.server.requests.filter(
        (r) => r.path.endsWith("/chat/completions") && JSON.stringify(r.body).includes(tag),
      ),
  };
  const server = await startFakeOpenAIServer({
    reply: (body) => {
      arrivals.push(Date.now());
      return fake.reply(lastPrompt(body));
    },
  });
  (fake as { server: FakeOpenAIServer }).server = server;
  return fake;
}

/** The largest number of `arrivals` in one window `[k·windowMs, (k+1)·windowMs)` of the epoch. */
export function maxPerWindow(arrivals: readonly number[], windowMs: number): number {
  const counts = new Map<number, number>();
  for (const at of arrivals) {
    const window = Math.floor(at / windowMs);
    counts.set(window, (counts.get(window) ?? 0) + 1);
  }
  return Math.max(0, ...counts.values());
}
