import type { ProviderName } from "../provider";
import type { ModelInfo, ModelKind } from "./model-info";

/** Model id prefixes that tell which vendor serves an id the registry does not know. */
const PROVIDER_PREFIXES: readonly (readonly [RegExp, ProviderName])[] = [
  [/^claude-/, "anthropic"],
  [/^(gpt-|chatgpt-|o\d|text-embedding-3|text-embedding-ada|davinci|babbage)/, "openai"],
  [/^(gemini-|gemma-|text-embedding-0|embedding-|models\/)/, "google"],
];

/**
 * The provider that serves an unknown model id: by its vendor prefix (`claude-` → anthropic,
 * `gpt-` / `o3` → openai, `gemini-` → google), else the only configured provider, else
 * `undefined`.
 */
export function inferProvider(
  id: string,
  configured: readonly ProviderName[],
): ProviderName | undefined {
  const byPrefix = PROVIDER_PREFIXES.find(([pattern]) => pattern.test(id))?.[1];
  if (byPrefix !== undefined) return byPrefix;
  const real = configured.filter((name) => name !== "offline");
  return real.length === 1 ? real[0] : undefined;
}

/** A registry entry for a model id the registry does not know: called as asked, cost unknown. */
export function unpricedModel(id: string, provider: ProviderName, kind: ModelKind): ModelInfo {
  return {
    id,
    provider,
    kind,
    inputPricePerMillion: 0,
    outputPricePerMillion: 0,
    priced: false,
  };
}
