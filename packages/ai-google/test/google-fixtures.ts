/** The fake Gemini API and a provider on it, as the Google provider's tests set them up. */
import { GoogleGenAI } from "@google/genai";
import { type GoogleProvider, googleProvider } from "../src/index";
import { type FakeGoogleServer, startFakeGoogleServer } from "./fake-google-server";
import { clearGoogleEnv } from "./google-env";

/** What the fake answers: `json` to requests asking for JSON, `text` to the rest. */
export interface GoogleFakeAnswers {
  text: string;
  json: string;
  /** Thinking tokens reported per answer. */
  thoughtsTokens: number;
}

/** Clears the SDK's environment variables, then starts the fake. */
export function startGoogleFake(answers: GoogleFakeAnswers): Promise<FakeGoogleServer> {
  clearGoogleEnv();
  return startFakeGoogleServer({
    reply: (body) =>
      (body.generationConfig as Record<string, unknown> | undefined)?.responseMimeType
        ? answers.json
        : answers.text,
    thoughtsTokens: answers.thoughtsTokens,
  });
}

/** A provider given a ready `GoogleGenAI` client on the fake, pinned to `v1beta`. */
export function googleProviderOn(server: FakeGoogleServer): GoogleProvider {
  const client = new GoogleGenAI({
    apiKey: "test",
    apiVersion: "v1beta",
    httpOptions: { baseUrl: server.url, timeout: 5000 },
  });
  return googleProvider({ client });
}
