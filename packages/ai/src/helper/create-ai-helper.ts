import type { z } from "zod";
import { isAIError } from "../errors/ai-error";
import { AIProviderError } from "../errors/ai-provider-error";
import { StructuredOutputError } from "../errors/structured-output-error";
import { UnsupportedCapabilityError } from "../errors/unsupported-capability-error";
import { createCallGuards, type GuardStart } from "../guards/call-guards";
import type { AICallKind, AICallLogger, AICallRecord } from "../logger";
import { redactSecrets } from "../logging/redact-secrets";
import { computeCost } from "../models/compute-cost";
import type { ModelInfo, ModelKind } from "../models/model-info";
import { createModelRegistry, getModelForProvider } from "../models/model-registry";
import { inferProvider, unpricedModel } from "../models/unpriced-model";
import type { AIProvider, ProviderName, ProviderTextResponse, ProviderUsage } from "../provider";
import type { AIBatch } from "./ai-batch";
import type {
  AIEmbedManyResult,
  AIEmbedResult,
  AIHelper,
  AIHelperOptions,
  EmbedOptions,
  GenerateTextOptions,
} from "./ai-helper";
import { createBatchInfoStore } from "./batch-info-store";
import { type CallOutcome, createCallRecorder } from "./call-recorder";
import { combineSignals } from "./combine-signals";
import { createAIBatch } from "./create-ai-batch";
import { type CallRequest, observeCall } from "./observe-call";
import { createProviderLookup } from "./provider-lookup";
import { parseStructuredText, toProviderSchema } from "./structured-output";

/**
 * Creates an AI helper for one topic. Every call is priced from the model registry, logged to
 * `logger` under `topic`, and, when `options.stage` is given, attributed to that run and stage
 * (records carry its ids, its `usage` recorder receives tokens and cost, its `signal` aborts calls).
 *
 * @param topic - groups records for `getStats` (prefix match), e.g. `summarize.${ctx.workflowRunId}`
 * @param logger - where call records go (optional)
 * @param options - providers, extra models, stage binding
 *
 * @example
 * ```ts
 * const ai = createAIHelper("summarize", logger, { providers: [offlineProvider()], stage: ctx });
 * const { text, cost } = await ai.generateText("offline-text", article);
 * ```
 */
export function createAIHelper(
  topic: string,
  logger?: AICallLogger,
  options: AIHelperOptions = {},
): AIHelper {
  const models = createModelRegistry(options.models);
  const providers = createProviderLookup(options.providers, {
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.importProvider === undefined ? {} : { importProvider: options.importProvider }),
  });
  const batchInfos = createBatchInfoStore(logger, (error) =>
    console.warn("[@stageflow/ai] keeping the batch info for getResults failed:", error),
  );
  const warn =
    options.onWarning ?? ((message: string) => console.warn(`[@stageflow/ai] ${message}`));
  const unpriced = new Map<string, ModelInfo>();
  /** The registry's entry, or an unpriced one for an id whose vendor is known (warned once). */
  const modelFor = (id: string, kind: ModelKind, providerName?: ProviderName): ModelInfo => {
    if (models.has(id)) {
      return providerName === undefined
        ? models.get(id)
        : getModelForProvider(models, id, providerName);
    }
    const provider = providerName ?? inferProvider(id, providers.names());
    if (provider === undefined) return models.get(id); // throws UnknownModelError
    const key = `${provider}:${kind}:${id}`;
    let model = unpriced.get(key);
    if (!model) {
      model = unpricedModel(id, provider, kind);
      unpriced.set(key, model);
      warn(
        `model "${id}" is not in the price table; calling it on "${provider}" with its cost ` +
          "recorded as unknown. Add it with the `models` option to price it.",
      );
    }
    return model;
  };
  const stage = options.stage;
  const telemetry = options.telemetry ?? stage?.telemetry;
  const recorder = createCallRecorder({
    topic,
    logger,
    stage,
    now: options.now ?? (() => new Date()),
    onLogError: options.onLogError ?? warnLogError,
  });
  const guards = createCallGuards(
    options,
    stage?.workflowRunId,
    options.now ?? (() => new Date()),
    options.onGuardError ??
      ((error) => console.warn("[@stageflow/ai] a guard's bookkeeping failed:", error)),
  );

  const resolve = (id: string, kind: "chat" | "embedding") => {
    const model = modelFor(id, kind);
    const provider = providers.get(model.provider, id);
    if (model.kind !== kind) {
      const use = model.kind === "embedding" ? "embed()" : "generateText() or generateObject()";
      throw new UnsupportedCapabilityError(
        kind === "embedding" ? "embedding" : "text",
        model.provider,
        `"${id}" is a ${model.kind} model; use ${use}.`,
        { model: id },
      );
    }
    return { model, provider };
  };

  /**
   * Calls the provider through the guards (memo, budget, rate limit), logs the outcome (failures
   * and budget refusals too; a rate-limit wait made no call and is not logged), and returns the
   * response with its cost. A memo hit returns the stored response with tokens and cost 0.
   */
  async function call<R extends ProviderUsage & Partial<ProviderTextResponse>>(
    kind: AICallKind,
    model: ModelInfo,
    signal: AbortSignal | undefined,
    request: CallRequest,
    guarded: { content: Record<string, unknown>; memo: boolean | undefined },
    run: (signal: AbortSignal | undefined) => Promise<R>,
    cacheable: (response: R) => boolean = () => true,
  ): Promise<{ response: R; cost: number; outcome: CallOutcome }> {
    const combined = combineSignals(signal, stage?.signal);
    combined?.throwIfAborted();
    const startedAt = recorder.now();
    const base = { model, provider: model.provider, kind, batch: false, startedAt };
    const none = { inputTokens: 0, outputTokens: 0, cost: 0 };
    const guardRequest = {
      kind,
      model,
      content: guarded.content,
      texts: [
        request.system,
        ...(typeof request.input === "string" ? [request.input] : request.input),
      ],
      maxTokens: request.maxTokens,
      memo: guarded.memo !== false,
    };
    let start: GuardStart;
    try {
      start = await guards.start(guardRequest);
    } catch (error) {
      if (isAIError(error) && error.code === "AI_BUDGET_EXCEEDED") {
        await recorder.record([{ ...base, ...none, error }]);
      }
      throw error;
    }
    if (start.kind === "hit") {
      const stored = start.response as R;
      return {
        response: { ...stored, inputTokens: 0, outputTokens: 0 },
        cost: 0,
        outcome: { ...base, ...none, cached: true },
      };
    }
    const observation = observeCall(telemetry, kind, model, request);
    let response: R;
    try {
      response = await run(combined);
    } catch (error) {
      observation?.end({ inputTokens: 0, outputTokens: 0, costUsd: 0, error });
      await guards.finish(guardRequest, start.admission, { ok: false, error });
      await recorder.record([{ ...base, ...none, error }]);
      throw error;
    }
    const cost = computeCost(model, response);
    await guards.finish(guardRequest, start.admission, {
      ok: true,
      response,
      cost,
      cacheable: cacheable(response),
    });
    observation?.end({
      inputTokens: response.inputTokens,
      outputTokens: response.outputTokens,
      costUsd: cost,
      responseId: response.responseId,
      finishReasons: response.finishReason === undefined ? undefined : [response.finishReason],
      output:
        telemetry?.capturesContent === true && typeof response.text === "string"
          ? redactSecrets(response.text)
          : undefined,
    });
    const outcome = {
      ...base,
      inputTokens: response.inputTokens,
      outputTokens: response.outputTokens,
      cost,
    };
    return { response, cost, outcome };
  }

  async function embed(model: string, text: string, o?: EmbedOptions): Promise<AIEmbedResult>;
  async function embed(
    model: string,
    texts: readonly string[],
    o?: EmbedOptions,
  ): Promise<AIEmbedManyResult>;
  async function embed(
    modelId: string,
    input: string | readonly string[],
    opts: EmbedOptions = {},
  ): Promise<AIEmbedResult | AIEmbedManyResult> {
    await providers.ready();
    const { model, provider } = resolve(modelId, "embedding");
    const embedFn = provider.embed?.bind(provider);
    if (!embedFn) {
      throw new UnsupportedCapabilityError(
        "embedding",
        model.provider,
        `Provider "${model.provider}" has no embeddings API.`,
        { model: model.id },
      );
    }
    const texts = typeof input === "string" ? [input] : [...input];
    const { response, cost, outcome } = await call(
      "embedding",
      model,
      opts.signal,
      { input: texts },
      { content: { texts, dimensions: opts.dimensions }, memo: opts.memo },
      async (signal) => {
        const r = await embedFn({
          model: model.id,
          texts,
          ...defined({ dimensions: opts.dimensions, signal }),
        });
        if (r.vectors.length !== texts.length) {
          throw new AIProviderError(
            model.provider,
            `Provider returned ${r.vectors.length} embeddings for ${texts.length} texts.`,
            { retryable: false },
          );
        }
        return { ...r, outputTokens: 0 };
      },
    );
    await recorder.record([outcome]);
    const { inputTokens } = response;
    const cached = outcome.cached === true ? { cached: true } : {};
    if (typeof input !== "string") {
      return { embeddings: response.vectors, inputTokens, cost, ...cached };
    }
    return { embedding: response.vectors[0] ?? [], inputTokens, cost, ...cached };
  }

  return {
    topic,
    models,

    async generateText(modelId, prompt, opts = {}) {
      await providers.ready();
      const { model, provider } = resolve(modelId, "chat");
      const request = { ...callOptions(opts), input: prompt };
      const { response, cost, outcome } = await call(
        "text",
        model,
        opts.signal,
        request,
        { content: { prompt, ...callOptions(opts) }, memo: opts.memo },
        (signal) =>
          provider.generateText({
            model: model.id,
            prompt,
            ...callOptions(opts),
            ...defined({ signal }),
          }),
      );
      await recorder.record([outcome]);
      const { text, inputTokens, outputTokens } = response;
      const cached = outcome.cached === true ? { cached: true } : {};
      return { text, inputTokens, outputTokens, cost, ...cached };
    },

    async generateObject<S extends z.ZodType>(
      modelId: string,
      prompt: string,
      schema: S,
      opts: GenerateTextOptions & { schemaName?: string } = {},
    ) {
      await providers.ready();
      const { model, provider } = resolve(modelId, "chat");
      const { jsonSchema, schemaName } = toProviderSchema(
        schema,
        model.provider,
        model.id,
        opts.schemaName,
      );
      const request = { ...callOptions(opts), input: prompt };
      const { response, cost, outcome } = await call(
        "object",
        model,
        opts.signal,
        request,
        { content: { prompt, jsonSchema, schemaName, ...callOptions(opts) }, memo: opts.memo },
        (signal) =>
          provider.generateObject({
            model: model.id,
            prompt,
            jsonSchema,
            schemaName,
            ...callOptions(opts),
            ...defined({ signal }),
          }),
        // Only answers that parse and validate are memoized.
        (answer) => parseStructuredText(answer.text, schema).success,
      );
      const { text, inputTokens, outputTokens } = response;
      const parsed = parseStructuredText(text, schema);
      if (!parsed.success) {
        const error = new StructuredOutputError(parsed.message, {
          rawText: text,
          issues: parsed.issues,
          model: model.id,
          provider: model.provider,
          inputTokens,
          outputTokens,
          cost,
          cause: parsed.cause,
        });
        await recorder.record([{ ...outcome, error }]);
        throw error;
      }
      await recorder.record([outcome]);
      const cached = outcome.cached === true ? { cached: true } : {};
      return { object: parsed.value as z.output<S>, inputTokens, outputTokens, cost, ...cached };
    },

    embed,

    batch<TResult = unknown>(modelId: string, providerName?: ProviderName) {
      const kind: ModelKind = /embed/i.test(modelId) ? "embedding" : "chat";
      const model = modelFor(modelId, kind, providerName);
      const open = (): AIBatch<TResult> => {
        const provider: AIProvider = providers.get(model.provider, model.id);
        if (!provider.batch) {
          throw new UnsupportedCapabilityError(
            "batch",
            model.provider,
            `Provider "${model.provider}" has no batch API; call generateText/generateObject/embed directly.`,
            { model: model.id },
          );
        }
        return createAIBatch<TResult>({
          model,
          providerName: model.provider,
          api: provider.batch,
          recorder,
          infos: batchInfos,
        });
      };
      if (providers.isReady()) return open();
      // Providers from the environment load on first use: open the batch API then.
      let opened: Promise<AIBatch<TResult>> | undefined;
      const later = () => {
        opened ??= providers.ready().then(open);
        return opened;
      };
      return {
        submit: async (requests) => (await later()).submit(requests),
        getStatus: async (batchId) => (await later()).getStatus(batchId),
        getResults: async (batchId, metadata, resultOptions) =>
          (await later()).getResults(batchId, metadata, resultOptions),
        cancel: async (batchId) => (await later()).cancel(batchId),
      };
    },

    getStats: () => recorder.stats(),
  };
}

function callOptions(opts: GenerateTextOptions) {
  return defined({ system: opts.system, maxTokens: opts.maxTokens, temperature: opts.temperature });
}

/** Drops keys whose value is undefined, so providers see only what the caller set. */
function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(values) as (keyof T)[]) {
    if (values[key] !== undefined) out[key] = values[key];
  }
  return out;
}

function warnLogError(error: unknown, record: AICallRecord): void {
  console.warn(`[@stageflow/ai] logging the ${record.kind} call of ${record.model} failed:`, error);
}
