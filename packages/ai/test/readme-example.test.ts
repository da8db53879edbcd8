import { expect, it } from "vitest";
import { z } from "zod";
import { createAIHelper, createInMemoryAICallLogger, offlineProvider } from "../src/index";

// Keep in sync with the quick start of README.md.
it("runs the README quick start on the offline provider", async () => {
  const logger = createInMemoryAICallLogger();
  const ai = createAIHelper("quickstart", logger, { providers: [offlineProvider()] });

  const article =
    "Stageflow runs durable workflows for AI pipelines. Workflows keep their state in a database. " +
    "A crashed worker loses nothing, because another worker picks the work up.";

  const { text } = await ai.generateText("offline-text", article);
  const { object } = await ai.generateObject(
    "offline-text",
    article,
    z.object({ title: z.string(), keywords: z.array(z.string()).max(3) }),
  );
  const { embedding } = await ai.embed("offline-embed", "durable workflows");

  expect(text).toBe("A crashed worker loses nothing, because another worker picks the work up.");
  expect(object).toEqual({ title: "workflows", keywords: ["worker", "stageflow", "runs"] });
  expect(embedding).toHaveLength(256);
  expect(await ai.getStats()).toMatchObject({ calls: 3, cost: 0 });
});
