import { useCallback, useMemo } from "react";
import { useLocation, useSearch } from "wouter";
import { formatRunFilter, parseRunFilter, type RunFilter } from "../lib/run-filter";

/** The runs filter kept in the URL query string; setting it replaces the history entry. */
export function useRunFilter(): [RunFilter, (next: RunFilter) => void] {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const filter = useMemo(() => parseRunFilter(search), [search]);
  const setFilter = useCallback(
    (next: RunFilter) => {
      const text = formatRunFilter(next);
      if (text === formatRunFilter(parseRunFilter(search))) return;
      navigate(text === "" ? location : `${location}?${text}`, { replace: true });
    },
    [location, navigate, search],
  );
  return [filter, setFilter];
}
