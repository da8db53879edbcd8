import { useQuery } from "@tanstack/react-query";
import { apiGet } from "../api/client";
import type { Meta } from "../api/types";

/** `GET /api/meta`, fetched once per page load. */
export function useMeta() {
  return useQuery({
    queryKey: ["meta"],
    queryFn: () => apiGet<Meta>("/meta"),
    staleTime: Infinity,
  });
}

/** Which write actions to show: none while meta is loading or when read-only. */
export function useActions(): Meta["actions"] {
  const { data } = useMeta();
  if (!data || data.readOnly) return { cancel: false, rerun: false, retry: false, replay: false };
  return data.actions;
}
