import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiGet, apiPost } from "../../api/client";
import type { BulkResult, RunCounts } from "../../api/types";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { formatCount } from "../../lib/format";
import { formatRunFilter, type RunFilter, runFilterBody } from "../../lib/run-filter";

/** A bulk action to confirm: on the selected ids, or on everything the filter matches. */
export interface BulkRequest {
  action: "cancel" | "retry";
  ids: string[] | null;
}

const VERB = { cancel: "Cancel", retry: "Retry" } as const;

/**
 * Confirms a bulk action. For "all matching", it first fetches the count of runs matching the
 * filter now, shows it, and sends it as `expectedCount` (the server answers 409 if it changed).
 */
export function BulkDialog({
  request,
  filter,
  onClose,
  onDone,
}: {
  request: BulkRequest;
  filter: RunFilter;
  onClose: () => void;
  onDone: (result: BulkResult) => void;
}) {
  const client = useQueryClient();
  const qs = formatRunFilter(filter);
  const matching = request.ids === null;
  const count = useQuery({
    queryKey: ["bulk-count", qs],
    queryFn: () => apiGet<RunCounts>(`/runs/count${qs ? `?${qs}` : ""}`),
    enabled: matching,
    staleTime: 0,
    gcTime: 0,
  });
  const total = matching ? count.data?.total : request.ids?.length;
  const mutation = useMutation({
    mutationFn: () =>
      apiPost<BulkResult>(
        "/runs/bulk",
        request.ids === null
          ? { action: request.action, filter: runFilterBody(filter), expectedCount: total }
          : { action: request.action, ids: request.ids },
      ),
    onSuccess: (result) => {
      void client.invalidateQueries({ queryKey: ["runs"] });
      void client.invalidateQueries({ queryKey: ["count"] });
      onDone(result);
    },
    onError: () => {
      if (matching) void count.refetch();
    },
  });
  const verb = VERB[request.action];
  return (
    <ConfirmDialog
      title={`${verb} ${matching ? "all matching runs" : "selected runs"}`}
      onClose={onClose}
      onConfirm={() => mutation.mutate()}
      busy={mutation.isPending || (matching && count.isFetching)}
      error={mutation.error ?? count.error}
      canConfirm={total !== undefined && total > 0}
    >
      <p>
        {verb}{" "}
        <strong data-testid="confirm-count">
          {total === undefined ? "…" : formatCount(total)}
        </strong>{" "}
        {total === 1 ? "run" : "runs"}
        {matching ? " matching the current filter" : " selected"}?
      </p>
      {request.action === "retry" && <p className="muted">Only failed runs are retried.</p>}
    </ConfirmDialog>
  );
}
