// Module resolve hooks (they run on the loader thread): append each resolved @opentelemetry URL.
import { appendFileSync } from "node:fs";

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const log = process.env.STAGEFLOW_TRIPWIRE_LOG;
  if (log && resolved.url.includes("/@opentelemetry/")) appendFileSync(log, `${resolved.url}\n`);
  return resolved;
}
