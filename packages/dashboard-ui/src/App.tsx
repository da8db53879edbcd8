import { Route, Switch } from "wouter";
import { ErrorAlert } from "./components/ErrorAlert";
import { Header } from "./components/Header";
import { useLiveUpdates } from "./hooks/use-live-updates";
import { useMeta } from "./hooks/use-meta";
import { CostsPage } from "./pages/costs/CostsPage";
import { DlqPage } from "./pages/dlq/DlqPage";
import { RunPage } from "./pages/run/RunPage";
import { RunsPage } from "./pages/runs/RunsPage";

/** The dashboard: header with navigation, the routed page, live updates for every page. */
export function App({ title }: { title: string }) {
  const live = useLiveUpdates();
  const meta = useMeta();
  return (
    <>
      <Header
        title={meta.data?.title ?? title}
        live={live}
        readOnly={meta.data?.readOnly ?? false}
      />
      <main id="main">
        <ErrorAlert error={meta.error} />
        <Switch>
          <Route path="/">
            <RunsPage />
          </Route>
          <Route path="/runs/:id">{(params) => <RunPage runId={params.id} />}</Route>
          <Route path="/dlq">
            <DlqPage />
          </Route>
          <Route path="/costs">
            <CostsPage />
          </Route>
          <Route>
            <h1>Not found</h1>
            <p>This page does not exist.</p>
          </Route>
        </Switch>
      </main>
    </>
  );
}
