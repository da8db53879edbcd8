import { createRequire } from "node:module";

/** This package's version, as `stageflow --version` prints it. */
export const CLI_VERSION: string = (
  createRequire(import.meta.url)("../package.json") as { version: string }
).version;
