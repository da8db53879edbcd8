import type { OpenListenConnection } from "./postgres-listen-connection";
import { POSTGRES_CHANNELS, WAKEUP_CHANNELS, type WakeupChannel } from "./wakeup-channel";
import { callListeners, type WakeupHub, type WakeupListener } from "./wakeup-hub";

/** Options of {@link createPostgresWakeupHub}. */
export interface PostgresWakeupHubOptions {
  /** Opens the dedicated listening connection (outside the query pool). */
  open: OpenListenConnection;
  /** Receives connection failures and listener exceptions. */
  onError: (error: unknown) => void;
  /** First reconnect delay; doubles per failure up to 5 s. Default 100 ms. */
  reconnectDelayMs?: number;
}

interface Connected {
  close(): Promise<void>;
  query(sql: string): Promise<unknown>;
  readonly listening: Set<WakeupChannel>;
  dead: boolean;
}

const CHANNEL_BY_NAME = new Map(WAKEUP_CHANNELS.map((c) => [POSTGRES_CHANNELS[c], c] as const));

async function currentSchema(client: OpenedClient): Promise<string | null> {
  const result = (await client.query("select current_schema() as schema")) as {
    rows?: { schema?: string | null }[];
  };
  return result.rows?.[0]?.schema ?? null;
}

type OpenedClient = Awaited<ReturnType<OpenListenConnection>>["client"];

/**
 * The Postgres {@link WakeupHub}: one dedicated connection per database object `LISTEN`s on the
 * channels that have listeners, opened on the first subscription and closed after the last. A lost
 * connection is reopened with backoff; notifications for other schemas (the payload is the writer's
 * `current_schema()`) are ignored; after reconnecting every listener is called once, since
 * notifications sent meanwhile were missed.
 */
export function createPostgresWakeupHub(options: PostgresWakeupHubOptions): WakeupHub {
  const listeners = new Map<WakeupChannel, Set<WakeupListener>>(
    WAKEUP_CHANNELS.map((c) => [c, new Set<WakeupListener>()]),
  );
  const baseDelay = options.reconnectDelayMs ?? 100;
  let current: Connected | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const wanted = () => WAKEUP_CHANNELS.filter((c) => (listeners.get(c)?.size ?? 0) > 0);
  const deliver = (channel: WakeupChannel) =>
    callListeners(listeners.get(channel) ?? [], options.onError);

  function serialize<T>(operation: () => Promise<T>): Promise<T> {
    const result = queue.then(operation, operation);
    queue = result.catch(() => undefined);
    return result;
  }

  async function connect(): Promise<Connected> {
    if (current && !current.dead) return current;
    const opened = await options.open();
    let schema: string | null;
    try {
      schema = await currentSchema(opened.client);
    } catch (error) {
      await opened.close().catch(() => undefined);
      throw error;
    }
    const state: Connected = {
      close: () => opened.close(),
      query: (text) => opened.client.query(text),
      listening: new Set(),
      dead: false,
    };
    const lost = (error: Error) => {
      if (state.dead) return;
      state.dead = true;
      if (current === state) current = null;
      opened.close().catch(() => undefined);
      if (!closed) options.onError(error);
      scheduleReconnect();
    };
    opened.client.on("notification", (message) => {
      const channel = CHANNEL_BY_NAME.get(message.channel);
      // The payload names the schema whose tables were written; other schemas' Stageflow
      // installations in the same database share the channel names.
      if (channel && !state.dead && (message.payload ?? null) === schema) deliver(channel);
    });
    opened.client.on("error", lost);
    opened.client.on("end", () => lost(new Error("The Stageflow LISTEN connection ended.")));
    current = state;
    return state;
  }

  async function sync(): Promise<void> {
    const channels = wanted();
    if (closed || channels.length === 0) {
      const state = current;
      current = null;
      if (state) {
        state.dead = true;
        await state.close().catch(() => undefined);
      }
      return;
    }
    const state = await connect();
    for (const channel of channels) {
      if (state.listening.has(channel)) continue;
      await state.query(`LISTEN ${POSTGRES_CHANNELS[channel]}`);
      state.listening.add(channel);
    }
    for (const channel of [...state.listening]) {
      if (channels.includes(channel)) continue;
      state.listening.delete(channel);
      await state.query(`UNLISTEN ${POSTGRES_CHANNELS[channel]}`);
    }
  }

  function dropConnection(): void {
    const state = current;
    current = null;
    if (!state) return;
    state.dead = true;
    state.close().catch(() => undefined);
  }

  function scheduleReconnect(): void {
    if (closed || timer !== undefined || wanted().length === 0) return;
    const delay = Math.min(5_000, baseDelay * 2 ** failures);
    failures += 1;
    timer = setTimeout(() => {
      timer = undefined;
      serialize(sync).then(
        () => {
          failures = 0;
          for (const channel of WAKEUP_CHANNELS) deliver(channel);
        },
        (error: unknown) => {
          options.onError(error);
          dropConnection();
          scheduleReconnect();
        },
      );
    }, delay);
    timer.unref?.();
  }

  return {
    crossProcess: true,
    async subscribe(channel, listener) {
      if (closed) throw new Error("The Stageflow wake-up hub is closed.");
      const set = listeners.get(channel) as Set<WakeupListener>;
      const entry: WakeupListener = () => listener();
      set.add(entry);
      try {
        await serialize(sync);
      } catch (error) {
        set.delete(entry);
        dropConnection();
        scheduleReconnect();
        throw error;
      }
      let active = true;
      return async () => {
        if (!active) return;
        active = false;
        set.delete(entry);
        await serialize(sync).catch(options.onError);
      };
    },
    publishCommitted() {
      // Postgres delivers `pg_notify` at commit to every listening connection, this one included.
    },
    async close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      for (const set of listeners.values()) set.clear();
      await serialize(sync);
    },
  };
}
