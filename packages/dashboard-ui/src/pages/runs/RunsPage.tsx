import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { apiGet } from "../../api/client";
import type { BulkResult, RunCounts, RunPage } from "../../api/types";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useActions, useMeta } from "../../hooks/use-meta";
import { useRunFilter } from "../../hooks/use-run-filter";
import { formatCount } from "../../lib/format";
import { formatRunFilter } from "../../lib/run-filter";
import { BulkActions } from "./BulkActions";
import { BulkDialog, type BulkRequest } from "./BulkDialog";
import { BulkResultNote } from "./BulkResultNote";
import { FilterBar } from "./FilterBar";
import { RunsTable } from "./RunsTable";
import { StatusCounts } from "./StatusCounts";

const NONE: ReadonlySet<string> = new Set();

function runsPath(qs: string, cursor: string): string {
  const params = new URLSearchParams(qs);
  params.set("limit", "50");
  params.set("order", "newest");
  if (cursor !== "") params.set("cursor", cursor);
  return `/runs?${params.toString()}`;
}

/** The runs list: filters in the URL, counts by status, selection and bulk actions, paging. */
export function RunsPage() {
  const [filter, setFilter] = useRunFilter();
  const qs = formatRunFilter(filter);
  const meta = useMeta();
  const actions = useActions();
  const runs = useInfiniteQuery({
    queryKey: ["runs", qs],
    queryFn: ({ pageParam }) => apiGet<RunPage>(runsPath(qs, pageParam)),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const counts = useQuery({
    queryKey: ["count", qs],
    queryFn: () => apiGet<RunCounts>(`/runs/count${qs ? `?${qs}` : ""}`),
  });
  const [selection, setSelection] = useState<{ qs: string; ids: ReadonlySet<string> }>({
    qs,
    ids: new Set(),
  });
  // The selection belongs to one filter: changing the filter clears it.
  const selected = selection.qs === qs ? selection.ids : NONE;
  const setSelected = (ids: ReadonlySet<string>): void => setSelection({ qs, ids });
  const [request, setRequest] = useState<BulkRequest | null>(null);
  const [result, setResult] = useState<BulkResult | null>(null);
  const list = runs.data?.pages.flatMap((p) => p.runs) ?? [];
  const selectable = actions.cancel || actions.retry;
  const select = (ids: string[], on: boolean): void => {
    const next = new Set(selected);
    for (const id of ids) {
      if (on) next.add(id);
      else next.delete(id);
    }
    setSelected(next);
  };
  return (
    <>
      <h1>Runs</h1>
      <FilterBar filter={filter} workflows={meta.data?.workflows ?? []} onChange={setFilter} />
      <StatusCounts
        counts={counts.data}
        active={filter.status}
        onPick={(status) =>
          setFilter({
            ...filter,
            status: filter.status.length === 1 && filter.status[0] === status ? [] : [status],
          })
        }
      />
      <ErrorAlert error={runs.error ?? counts.error} />
      {result && <BulkResultNote result={result} onDismiss={() => setResult(null)} />}
      <BulkActions
        actions={actions}
        selectedIds={list.filter((r) => selected.has(r.id)).map((r) => r.id)}
        onRequest={(next) => {
          setResult(null);
          setRequest(next);
        }}
      />
      {runs.isPending ? (
        <p className="muted">Loading runs…</p>
      ) : (
        <RunsTable runs={list} selected={selected} onSelect={select} selectable={selectable} />
      )}
      {list.length > 0 && counts.data && (
        <p className="muted list-footer">
          Showing {formatCount(list.length)} of {formatCount(counts.data.total)}
        </p>
      )}
      {runs.hasNextPage && (
        <div className="load-more">
          <button
            type="button"
            onClick={() => void runs.fetchNextPage()}
            disabled={runs.isFetchingNextPage}
          >
            {runs.isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
        </div>
      )}
      {request && (
        <BulkDialog
          request={request}
          filter={filter}
          onClose={() => setRequest(null)}
          onDone={(done) => {
            setRequest(null);
            setSelected(new Set());
            setResult(done);
          }}
        />
      )}
    </>
  );
}
