/** A `NOTIFY` message as `pg` delivers it. */
export interface PgNotification {
  channel: string;
  payload?: string;
}

/** The part of a `pg.Client` that listening uses. */
export interface PgListenClient {
  query(sql: string): Promise<unknown>;
  on(event: "notification", listener: (message: PgNotification) => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  on(event: "end", listener: () => void): unknown;
}

/** A connection opened for `LISTEN`, with the way to give it up. */
export interface ListenConnection {
  readonly client: PgListenClient;
  /** Ends (or destroys) the connection; never returns it to a pool with `LISTEN`s active. */
  close(): Promise<void>;
}

/** Opens a fresh connection dedicated to `LISTEN`. */
export type OpenListenConnection = () => Promise<ListenConnection>;
