// Copies the prebuilt UI (packages/dashboard-ui/dist) into dist/ui after tsup, so the published
// package serves it without building anything at run time. Fails when the UI was not built.
import { cpSync, existsSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const source = fileURLToPath(new URL("../../dashboard-ui/dist/", import.meta.url));
const target = fileURLToPath(new URL("../dist/ui/", import.meta.url));

if (!existsSync(`${source}index.html`)) {
  console.error(
    `@stageflow/dashboard: the UI build is missing (${source}index.html).\n` +
      "Build it first: pnpm turbo run build --filter=@stageflow/dashboard (turbo builds @stageflow/dashboard-ui before it).",
  );
  process.exit(1);
}
rmSync(target, { recursive: true, force: true });
cpSync(source, target, { recursive: true });
console.log(`@stageflow/dashboard: copied the UI into ${target}`);
