import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/**
 * Builds the SPA with relative asset URLs (`base: "./"`): @stageflow/dashboard serves
 * dist/index.html with a `<base href="{basePath}/">`, so assets resolve under any mount path and on
 * nested routes. In dev (`pnpm dev`), `/api` is proxied to a running dashboard
 * (STAGEFLOW_DASHBOARD_URL, default http://127.0.0.1:4820).
 */
export default defineConfig({
  base: "./",
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false },
  server: {
    proxy: {
      "/api": {
        target: process.env.STAGEFLOW_DASHBOARD_URL ?? "http://127.0.0.1:4820",
        changeOrigin: false,
      },
    },
  },
});
