import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiGet, apiPost } from "../../api/client";
import type { DlqPage as DlqPageData } from "../../api/types";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useActions } from "../../hooks/use-meta";
import { DlqTable } from "./DlqTable";

function dlqPath(cursor: string): string {
  const params = new URLSearchParams({ limit: "50" });
  if (cursor !== "") params.set("cursor", cursor);
  return `/dlq?${params.toString()}`;
}

/** Dead-lettered outbox events with their failing error; replay one or all. */
export function DlqPage() {
  const client = useQueryClient();
  const actions = useActions();
  const [notice, setNotice] = useState<string | null>(null);
  const query = useInfiniteQuery({
    queryKey: ["dlq"],
    queryFn: ({ pageParam }) => apiGet<DlqPageData>(dlqPath(pageParam)),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const replay = useMutation({
    mutationFn: (eventIds: string[] | null) =>
      apiPost<{ replayed: number }>("/dlq/replay", eventIds === null ? {} : { eventIds }),
    onMutate: () => setNotice(null),
    onSuccess: (result) => {
      setNotice(`Replayed ${result.replayed} ${result.replayed === 1 ? "event" : "events"}.`);
      void client.invalidateQueries({ queryKey: ["dlq"] });
    },
  });
  const events = query.data?.pages.flatMap((p) => p.events) ?? [];
  return (
    <>
      <h1>Dead letters</h1>
      <p className="muted">Outbox events whose publication failed too many times.</p>
      <ErrorAlert error={query.error ?? replay.error} />
      {notice && (
        <p role="status" className="note">
          {notice}
        </p>
      )}
      {actions.replay && (
        <div className="toolbar">
          <button
            type="button"
            onClick={() => replay.mutate(null)}
            disabled={replay.isPending || events.length === 0}
          >
            Replay all
          </button>
        </div>
      )}
      {query.isPending ? (
        <p className="muted">Loading dead letters…</p>
      ) : (
        <DlqTable
          events={events}
          canReplay={actions.replay}
          busy={replay.isPending}
          onReplay={(id) => replay.mutate([id])}
        />
      )}
      {query.hasNextPage && (
        <div className="load-more">
          <button
            type="button"
            onClick={() => void query.fetchNextPage()}
            disabled={query.isFetchingNextPage}
          >
            Load more
          </button>
        </div>
      )}
    </>
  );
}
