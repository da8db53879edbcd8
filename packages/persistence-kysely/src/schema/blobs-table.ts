import type { ColumnType } from "kysely";
import type { BigIntColumn } from "./column-types";

/** Row of `stageflow_blobs`: one blob-store value, as JSON text (`null` stands for `undefined`). */
export interface BlobsTable {
  key: string;
  value: string | null;
  size_bytes: BigIntColumn;
  /** Set by the database on every write (informational; the blob store takes no clock). */
  updated_at: ColumnType<Date | number, never, never>;
}
