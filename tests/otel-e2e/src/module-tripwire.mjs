// Loaded with `node --import`: registers resolve hooks that log every @opentelemetry module the
// process loads (ESM import or require through the ESM loader) to $STAGEFLOW_TRIPWIRE_LOG.
import { register } from "node:module";

register("./module-tripwire-hooks.mjs", import.meta.url);
