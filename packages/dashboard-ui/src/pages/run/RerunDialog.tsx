import { useState } from "react";
import type { StageView } from "../../api/types";
import { ConfirmDialog } from "../../components/ConfirmDialog";

/** Picks the stage to rerun the run from (that stage and every later one run again). */
export function RerunDialog({
  stages,
  initialStageId,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  stages: StageView[];
  initialStageId: string;
  busy: boolean;
  error: unknown;
  onConfirm: (stageId: string) => void;
  onClose: () => void;
}) {
  const [stageId, setStageId] = useState(initialStageId);
  return (
    <ConfirmDialog
      title="Rerun"
      onClose={onClose}
      onConfirm={() => onConfirm(stageId)}
      busy={busy}
      error={error}
      canConfirm={stageId !== ""}
    >
      <p>The chosen stage and every stage after it run again; earlier outputs are kept.</p>
      <div className="field">
        <label htmlFor="rerun-stage">Stage</label>
        <select
          id="rerun-stage"
          value={stageId}
          onChange={(e) => setStageId(e.currentTarget.value)}
        >
          {stages.map((s) => (
            <option key={s.stageId} value={s.stageId}>
              {s.stageName} ({s.stageId}, group {s.groupIndex}, {s.status})
            </option>
          ))}
        </select>
      </div>
    </ConfirmDialog>
  );
}
