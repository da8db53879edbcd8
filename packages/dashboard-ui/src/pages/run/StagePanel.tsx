import { apiUrl } from "../../api/client";
import type { LogLine, StageView } from "../../api/types";
import { JsonView } from "../../components/JsonView";
import { StatusBadge } from "../../components/StatusBadge";
import { formatCost, formatDuration, formatTokens } from "../../lib/format";
import { AiCallsTable } from "./AiCallsTable";
import { AttemptList } from "./AttemptList";
import { LogList } from "./LogList";
import { SuspendedInfo } from "./SuspendedInfo";

/** Everything about one stage of the run. */
export function StagePanel({
  runId,
  stage,
  logs,
}: {
  runId: string;
  stage: StageView;
  logs: LogLine[];
}) {
  const sum = (pick: (c: StageView["aiCalls"][number]) => number): number =>
    stage.aiCalls.reduce((total, call) => total + pick(call), 0);
  // The stage's totals grow when an attempt commits; its AI calls are recorded as they end.
  const tokens = Math.max(
    stage.inputTokens + stage.outputTokens,
    sum((c) => c.inputTokens + c.outputTokens),
  );
  const cost = Math.max(
    stage.cost,
    sum((c) => c.cost),
  );
  const base = `/runs/${encodeURIComponent(runId)}/stages/${encodeURIComponent(stage.stageId)}`;
  return (
    <section className="panel" data-testid="stage-panel" data-stage-id={stage.stageId}>
      <header className="panel-head">
        <h3>
          {stage.stageName} <span className="muted mono">{stage.stageId}</span>
        </h3>
        <StatusBadge status={stage.status} testId="stage-status" />
        <span className="muted">
          group {stage.groupIndex} · {formatDuration(stage.durationMs)} · {formatTokens(tokens)}{" "}
          tokens · {formatCost(cost)}
        </span>
      </header>
      {stage.progress && (
        <div className="progress" data-testid="stage-progress">
          <label htmlFor={`progress-${stage.stageId}`}>Progress</label>
          <progress
            id={`progress-${stage.stageId}`}
            max={1}
            value={Math.min(1, Math.max(0, stage.progress.progress))}
          />
          <span>
            {Math.round(stage.progress.progress * 100)}% {stage.progress.message}
          </span>
        </div>
      )}
      <SuspendedInfo stage={stage} />
      <h4>Attempts</h4>
      <AttemptList attempts={stage.attempts} />
      <div className="json-pair">
        <JsonView title="Input" preview={stage.input} downloadHref={apiUrl(`${base}/input`)} />
        <JsonView title="Output" preview={stage.output} downloadHref={apiUrl(`${base}/output`)} />
      </div>
      <AiCallsTable calls={stage.aiCalls} caption="AI calls" />
      <details className="stage-logs" open={logs.length > 0 && logs.length <= 20}>
        <summary>Logs ({logs.length})</summary>
        <LogList logs={logs} />
      </details>
    </section>
  );
}
