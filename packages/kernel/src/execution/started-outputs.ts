import type { StartedJob } from "../commands/command-types";

/**
 * Stage outputs a job already has in memory, by blob key (`outputRef`), as the JSON text the blob
 * store holds: parsing it gives each body a fresh copy, as reading the blob would.
 */
export type KnownOutputTexts = Map<string, string>;

const known = new WeakMap<StartedJob, KnownOutputTexts>();

/**
 * Remembers, for jobs a completion started in this process (`started`), the outputs that
 * completion knew (what its own body loaded, plus its own output), so their bodies need not read
 * them back from the blob store. The entry lives as long as the `StartedJob` object.
 */
export function rememberOutputs(
  started: readonly StartedJob[] | undefined,
  outputs: KnownOutputTexts,
): void {
  if (started === undefined) return;
  for (const each of started) known.set(each, outputs);
}

/** A copy of the outputs remembered for `started` (empty when none were). */
export function knownOutputsOf(started: StartedJob | undefined): KnownOutputTexts {
  const texts = started === undefined ? undefined : known.get(started);
  return new Map(texts);
}
