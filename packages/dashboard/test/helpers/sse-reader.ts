/** One parsed server-sent event. */
export interface SseMessage {
  readonly event: string | undefined;
  readonly id: string | undefined;
  readonly data: string;
}

/** Reads SSE messages from a response body as they arrive. */
export class SseReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  #buffer = "";
  /** Every comment line seen (`: ping`, `: connected`). */
  readonly comments: string[] = [];

  constructor(body: ReadableStream<Uint8Array>) {
    this.#reader = body.getReader();
  }

  /** Reads until a message satisfies `match` (at most `maxChunks` chunks) and returns it. */
  async next(match: (message: SseMessage) => boolean, maxChunks = 500): Promise<SseMessage> {
    for (let chunk = 0; chunk < maxChunks; chunk++) {
      let end = this.#buffer.indexOf("\n\n");
      while (end >= 0) {
        const block = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end + 2);
        const message = this.#parse(block);
        if (message && match(message)) return message;
        end = this.#buffer.indexOf("\n\n");
      }
      const { value, done } = await this.#reader.read();
      if (done) throw new Error("the stream ended");
      this.#buffer += this.#decoder.decode(value, { stream: true });
    }
    throw new Error("no matching message");
  }

  /** Stops reading (the server sees the client go away). */
  cancel(): Promise<void> {
    return this.#reader.cancel();
  }

  #parse(block: string): SseMessage | undefined {
    let event: string | undefined;
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) this.comments.push(line);
      else if (line.startsWith("event: ")) event = line.slice(7);
      else if (line.startsWith("id: ")) id = line.slice(4);
      else if (line.startsWith("data: ")) data.push(line.slice(6));
    }
    return data.length === 0 ? undefined : { event, id, data: data.join("\n") };
  }
}
