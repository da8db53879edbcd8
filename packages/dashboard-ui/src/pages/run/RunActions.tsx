import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useLocation } from "wouter";
import { apiPost } from "../../api/client";
import type { RerunResult, RunDetail } from "../../api/types";
import { useActions } from "../../hooks/use-meta";
import { RerunDialog } from "./RerunDialog";

const FINISHED = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

/** Cancel run / Retry run / Rerun from stage, as the run's status and the enabled actions allow. */
export function RunActions({
  detail,
  onError,
}: {
  detail: RunDetail;
  onError: (error: unknown) => void;
}) {
  const actions = useActions();
  const client = useQueryClient();
  const [, navigate] = useLocation();
  const [rerunOpen, setRerunOpen] = useState(false);
  const run = detail.run;
  const path = `/runs/${encodeURIComponent(run.id)}`;
  const refresh = (): void => {
    void client.invalidateQueries({ queryKey: ["run", run.id] });
    void client.invalidateQueries({ queryKey: ["runs"] });
    void client.invalidateQueries({ queryKey: ["count"] });
  };
  const followRerun = (result: RerunResult): void => {
    refresh();
    if (result.workflowRunId && result.workflowRunId !== run.id) {
      navigate(`/runs/${encodeURIComponent(result.workflowRunId)}`);
    }
  };
  const cancel = useMutation({
    mutationFn: () => apiPost<{ cancelled: boolean }>(`${path}/cancel`, {}),
    onMutate: () => onError(null),
    onSuccess: refresh,
    onError,
  });
  const retry = useMutation({
    mutationFn: () => apiPost<RerunResult>(`${path}/retry`, {}),
    onMutate: () => onError(null),
    onSuccess: followRerun,
    onError,
  });
  const rerun = useMutation({
    mutationFn: (fromStageId: string) => apiPost<RerunResult>(`${path}/rerun`, { fromStageId }),
    onSuccess: (result) => {
      setRerunOpen(false);
      followRerun(result);
    },
  });
  const finished = FINISHED.has(run.status);
  const failedStage =
    detail.stages.find((s) => s.status === "FAILED")?.stageId ??
    run.error?.stageId ??
    detail.stages[0]?.stageId ??
    "";
  const showCancel = actions.cancel && !finished;
  const showRetry = actions.retry && run.status === "FAILED";
  const showRerun = actions.rerun && finished && detail.stages.length > 0;
  if (!showCancel && !showRetry && !showRerun) return null;
  return (
    <div className="toolbar">
      {showCancel && (
        <button type="button" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
          Cancel run
        </button>
      )}
      {showRetry && (
        <button type="button" onClick={() => retry.mutate()} disabled={retry.isPending}>
          Retry run
        </button>
      )}
      {showRerun && (
        <button
          type="button"
          onClick={() => {
            rerun.reset();
            setRerunOpen(true);
          }}
        >
          Rerun from stage
        </button>
      )}
      {rerunOpen && (
        <RerunDialog
          stages={detail.stages}
          initialStageId={failedStage}
          busy={rerun.isPending}
          error={rerun.error}
          onConfirm={(stageId) => rerun.mutate(stageId)}
          onClose={() => setRerunOpen(false)}
        />
      )}
    </div>
  );
}
