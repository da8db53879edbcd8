import { randomBytes } from "node:crypto";

let lastMs = 0;
let counter = 0;
let pool = Buffer.alloc(0);
let offset = 0;

function random8(): Buffer {
  if (offset + 8 > pool.length) {
    pool = randomBytes(8 * 512);
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + 8);
  offset += 8;
  return bytes;
}

/**
 * A new UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then a 12-bit counter that keeps ids made in
 * the same millisecond by this process increasing, then 62 random bits. Ids sort by creation
 * time as plain strings, so `ORDER BY created_at, id` keeps a batch in insertion order.
 */
export function createId(): string {
  let ms = Date.now();
  if (ms > lastMs) {
    lastMs = ms;
    counter = 0;
  } else {
    counter += 1;
    if (counter > 0xfff) {
      lastMs += 1;
      counter = 0;
    }
    ms = lastMs;
  }
  const bytes = random8();
  const time = ms.toString(16).padStart(12, "0");
  const versionAndCounter = (0x7000 | counter).toString(16);
  const variant = ((bytes[0] as number) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-${versionAndCounter}-${variant.toString(16)}${hex.slice(2, 4)}-${hex.slice(4, 16)}`;
}
