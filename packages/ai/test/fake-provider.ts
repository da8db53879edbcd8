import type {
  AIProvider,
  ProviderBatchApi,
  ProviderBatchRequest,
  ProviderBatchResult,
  ProviderBatchStatus,
  ProviderEmbedRequest,
  ProviderObjectRequest,
  ProviderTextRequest,
  ProviderTextResponse,
} from "../src/provider";

/** A scripted answer of the fake provider. */
/** Batch ids handed out by every fake of this process. */
let batchSequence = 0;

export type FakeAnswer = ProviderTextResponse | Error;

/** A provider for tests: answers from a queue, records every request it receives. */
export interface FakeProvider extends AIProvider {
  readonly textRequests: ProviderTextRequest[];
  readonly objectRequests: ProviderObjectRequest[];
  readonly embedRequests: ProviderEmbedRequest[];
  readonly submitted: Map<string, { model: string; requests: ProviderBatchRequest[] }>;
  /** Queues the next answers of generateText / generateObject. */
  answer(...answers: FakeAnswer[]): void;
  /** Marks a batch completed with these results. */
  completeBatch(batchId: string, results: ProviderBatchResult[]): void;
}

export interface FakeProviderOptions {
  name?: string;
  /** Leave out `embed`. */
  noEmbed?: boolean;
  /** Leave out `batch`. */
  noBatch?: boolean;
  /** Submit answers `positionalResults: true`, as Google embedding batches do. */
  positionalBatches?: boolean;
}

export function fakeProvider(options: FakeProviderOptions = {}): FakeProvider {
  const queue: FakeAnswer[] = [];
  const textRequests: ProviderTextRequest[] = [];
  const objectRequests: ProviderObjectRequest[] = [];
  const embedRequests: ProviderEmbedRequest[] = [];
  const submitted = new Map<string, { model: string; requests: ProviderBatchRequest[] }>();
  const completed = new Map<string, ProviderBatchResult[]>();
  const next = async (): Promise<ProviderTextResponse> => {
    const answer = queue.shift() ?? { text: "ok", inputTokens: 1, outputTokens: 1 };
    if (answer instanceof Error) throw answer;
    return answer;
  };
  const batch: ProviderBatchApi = {
    async submit(model, requests) {
      // Unique in the process, as vendor batch ids are (the helper remembers batches by id).
      const id = `fake_batch_${++batchSequence}`;
      submitted.set(id, { model, requests });
      return options.positionalBatches ? { id, positionalResults: true } : { id };
    },
    async getStatus(batchId): Promise<ProviderBatchStatus> {
      const total = submitted.get(batchId)?.requests.length ?? 0;
      const done = completed.has(batchId);
      return {
        status: done ? "completed" : "processing",
        counts: { total, succeeded: done ? total : 0, failed: 0, processing: done ? 0 : total },
      };
    },
    async getResults(batchId) {
      return completed.get(batchId) ?? [];
    },
    async cancel() {},
  };
  const provider: FakeProvider = {
    name: options.name ?? "openai",
    textRequests,
    objectRequests,
    embedRequests,
    submitted,
    answer: (...answers) => void queue.push(...answers),
    completeBatch: (batchId, results) => void completed.set(batchId, results),
    async generateText(request) {
      textRequests.push(request);
      return next();
    },
    async generateObject(request) {
      objectRequests.push(request);
      return next();
    },
    ...(options.noEmbed
      ? {}
      : {
          async embed(request: ProviderEmbedRequest) {
            embedRequests.push(request);
            return {
              vectors: request.texts.map((_, i) => [i, 1]),
              inputTokens: 10 * request.texts.length,
            };
          },
        }),
    ...(options.noBatch ? {} : { batch }),
  };
  return provider;
}
