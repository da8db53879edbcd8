import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link } from "wouter";
import { apiGet } from "../../api/client";
import type { JsonPreview, RunDetail } from "../../api/types";
import { ErrorAlert } from "../../components/ErrorAlert";
import { JsonTree } from "../../components/JsonTree";
import { JsonView } from "../../components/JsonView";
import { StatusBadge } from "../../components/StatusBadge";
import { formatTime } from "../../lib/format";
import { AiCallsTable } from "./AiCallsTable";
import { LogList } from "./LogList";
import { RunActions } from "./RunActions";
import { RunTotals } from "./RunTotals";
import { StagePanel } from "./StagePanel";
import { Timeline } from "./Timeline";

const ACTIVE = new Set(["PENDING", "RUNNING", "SUSPENDED"]);

function asPreview(value: unknown): JsonPreview | null {
  if (typeof value === "object" && value !== null && "truncated" in value && "bytes" in value) {
    return value as JsonPreview;
  }
  return value === undefined || value === null ? null : { value, truncated: false, bytes: 0 };
}

/** One run: status, actions, totals, timeline and a panel per stage; refetched on live events. */
export function RunPage({ runId }: { runId: string }) {
  const [actionError, setActionError] = useState<unknown>(null);
  const query = useQuery({
    queryKey: ["run", runId],
    queryFn: () => apiGet<RunDetail>(`/runs/${encodeURIComponent(runId)}`),
    // Live events refetch the run; progress is not an event, so poll while a stage runs.
    refetchInterval: (q) => {
      const data = q.state.data;
      if (!data || !ACTIVE.has(data.run.status)) return false;
      return data.stages.some((stage) => stage.status === "RUNNING") ? 3_000 : 10_000;
    },
  });
  const [now, setNow] = useState(() => Date.now());
  const detail = query.data;
  const active = detail ? ACTIVE.has(detail.run.status) : false;
  useEffect(() => {
    setNow(Math.max(Date.now(), query.dataUpdatedAt));
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 5_000);
    return () => clearInterval(timer);
  }, [active, query.dataUpdatedAt]);
  if (query.isPending) return <p className="muted">Loading run…</p>;
  if (!detail) {
    return (
      <>
        <h1>
          Run <span className="mono">{runId}</span>
        </h1>
        <ErrorAlert error={query.error} />
        <p>
          <Link href="/">Back to runs</Link>
        </p>
      </>
    );
  }
  const run = detail.run;
  const runLogs = detail.logs.filter((l) => l.stageId === null);
  const endMs = run.completedAt ? Date.parse(run.completedAt) : now;
  return (
    <>
      <p className="breadcrumb">
        <Link href="/">Runs</Link> / <span className="mono">{run.id}</span>
      </p>
      <div className="run-head">
        <h1>
          {run.workflowId} <span className="mono muted">{run.id}</span>
        </h1>
        <StatusBadge status={run.status} testId="run-status" />
      </div>
      <p className="muted">
        Created {formatTime(run.createdAt)}
        {run.startedAt && ` · started ${formatTime(run.startedAt)}`}
        {run.completedAt && ` · finished ${formatTime(run.completedAt)}`}
        {run.cancelReason && ` · cancelled: ${run.cancelReason}`}
      </p>
      <ErrorAlert
        error={query.error ?? actionError}
        onDismiss={actionError ? () => setActionError(null) : undefined}
      />
      <RunActions detail={detail} onError={setActionError} />
      {run.error && (
        <div className="panel panel-error" data-testid="run-error">
          <strong>Failed{run.error.stageId ? ` in ${run.error.stageId}` : ""}:</strong>{" "}
          {run.error.code && <code className="error-code">{run.error.code}</code>}{" "}
          {run.error.message}
        </div>
      )}
      <RunTotals detail={detail} nowMs={now} active={active} />
      <Timeline detail={detail} nowMs={Number.isNaN(endMs) ? now : endMs} live={active} />
      <h2>Stages</h2>
      {detail.stages.length === 0 && <p className="muted">No stage has been created yet.</p>}
      {detail.stages.map((stage) => (
        <StagePanel
          key={stage.stageId}
          runId={run.id}
          stage={stage}
          logs={detail.logs.filter((l) => l.stageId === stage.stageId)}
        />
      ))}
      <section aria-labelledby="run-more-title" className="panel">
        <h2 id="run-more-title">Run</h2>
        {run.metadata && (
          <>
            <h3>Metadata</h3>
            <div className="json-tree">
              <JsonTree value={run.metadata} />
            </div>
          </>
        )}
        {(run.input !== undefined || run.output !== undefined) && (
          <div className="json-pair">
            <JsonView title="Input" preview={asPreview(run.input)} downloadHref={null} level={3} />
            <JsonView
              title="Output"
              preview={asPreview(run.output)}
              downloadHref={null}
              level={3}
            />
          </div>
        )}
        <AiCallsTable
          calls={detail.aiCalls.filter((c) => c.stageId === null)}
          caption="AI calls outside stages"
        />
        <details>
          <summary>Run logs ({runLogs.length})</summary>
          <LogList logs={runLogs} />
        </details>
        <details>
          <summary>Events ({detail.events.length})</summary>
          <ol className="logs">
            {detail.events.map((e) => (
              <li key={e.id}>
                <span className="muted">{formatTime(e.createdAt)}</span> <code>{e.type}</code>
                {typeof e.payload.stageId === "string" && ` ${e.payload.stageId}`}
              </li>
            ))}
          </ol>
        </details>
      </section>
    </>
  );
}
