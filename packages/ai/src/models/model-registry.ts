import { UnknownModelError } from "../errors/unknown-model-error";
import type { ProviderName } from "../provider";
import { DEFAULT_MODELS } from "./default-models";
import type { ModelInfo } from "./model-info";

/** A read-only view of the models a helper knows and what they cost. */
export interface ModelRegistry {
  /** The model with this id; throws `UnknownModelError` listing the known ids. */
  get(id: string): ModelInfo;
  /** Whether the id is known. */
  has(id: string): boolean;
  /** Every known model, defaults first, then additions, in insertion order. */
  list(): readonly ModelInfo[];
}

/**
 * Builds a registry from {@link DEFAULT_MODELS} overlaid with `models`: an entry with a known id
 * replaces the default (e.g. a negotiated price), a new id is added.
 *
 * @example
 * ```ts
 * const registry = createModelRegistry([
 *   { id: "my-finetune", provider: "openai", kind: "chat", inputPricePerMillion: 3, outputPricePerMillion: 12 },
 * ]);
 * registry.get("my-finetune").provider; // "openai"
 * ```
 */
export function createModelRegistry(models: readonly ModelInfo[] = []): ModelRegistry {
  const byId = new Map<string, ModelInfo>();
  for (const model of [...DEFAULT_MODELS, ...models]) byId.set(model.id, { ...model });
  return {
    get(id) {
      const model = byId.get(id);
      if (!model) throw new UnknownModelError(id, [...byId.keys()]);
      return model;
    },
    has: (id) => byId.has(id),
    list: () => [...byId.values()],
  };
}

/**
 * The model `id` when it belongs to `provider`; throws `UnknownModelError` listing that provider's
 * models otherwise.
 */
export function getModelForProvider(
  registry: ModelRegistry,
  id: string,
  provider: ProviderName,
): ModelInfo {
  const model = registry.has(id) ? registry.get(id) : undefined;
  if (model?.provider === provider) return model;
  const ids = registry
    .list()
    .filter((m) => m.provider === provider)
    .map((m) => m.id);
  throw new UnknownModelError(id, ids, provider);
}

const DEFAULT_REGISTRY = createModelRegistry();

/**
 * A model of the default price table; throws `UnknownModelError` for other ids.
 *
 * @example
 * ```ts
 * getModel("gpt-4o-mini").inputPricePerMillion; // 0.15
 * ```
 */
export function getModel(id: string): ModelInfo {
  return DEFAULT_REGISTRY.get(id);
}
