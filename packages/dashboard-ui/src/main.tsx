import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { Router } from "wouter";
import { App } from "./App";
import { readConfig } from "./config";
import "uplot/dist/uPlot.min.css";
import "./styles.css";

const config = readConfig();
document.title = config.title;

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 2_000 },
  },
});

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <Router base={config.basePath}>
          <App title={config.title} />
        </Router>
      </QueryClientProvider>
    </StrictMode>,
  );
}
