import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useLocation, useSearch } from "wouter";
import { apiGet } from "../../api/client";
import type { Costs } from "../../api/types";
import { ErrorAlert } from "../../components/ErrorAlert";
import { costSeries, utcDay } from "../../lib/cost-series";
import { formatCost, formatCount } from "../../lib/format";
import { CostsTable } from "./CostsTable";
import { DailyChart, type DailyMeasure } from "./DailyChart";

const COST: DailyMeasure = {
  title: "Cost per day (USD)",
  values: (s) => s.cost,
  format: formatCost,
};
const TOKENS: DailyMeasure = {
  title: "Tokens per day (input + output)",
  values: (s) => s.tokens,
  format: formatCount,
};

function defaultRange(): { from: string; to: string } {
  const now = Date.now();
  return { from: utcDay(new Date(now - 29 * 86_400_000)), to: utcDay(new Date(now)) };
}

/** AI cost and tokens per workflow and per day over a date range (UTC days, `to` inclusive). */
export function CostsPage() {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const range = useMemo(() => {
    const params = new URLSearchParams(search);
    const fallback = defaultRange();
    return { from: params.get("from") ?? fallback.from, to: params.get("to") ?? fallback.to };
  }, [search]);
  // The range lives in the URL (from/to), like the runs filter, so a link shows the same days.
  const setRange = (next: { from: string; to: string }): void =>
    navigate(`${location}?${new URLSearchParams(next).toString()}`, { replace: true });
  const valid = range.from !== "" && range.to !== "" && range.from <= range.to;
  const query = useQuery({
    queryKey: ["costs", range.from, range.to],
    queryFn: () => apiGet<Costs>(`/costs?${new URLSearchParams(range).toString()}`),
    enabled: valid,
  });
  const series = useMemo(
    () => costSeries(query.data?.days ?? [], range.from, range.to),
    [query.data, range.from, range.to],
  );
  return (
    <>
      <h1>Costs</h1>
      <form className="filters" aria-label="Date range" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="costs-from">From</label>
          <input
            id="costs-from"
            type="date"
            value={range.from}
            onChange={(e) => setRange({ ...range, from: e.currentTarget.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="costs-to">To</label>
          <input
            id="costs-to"
            type="date"
            value={range.to}
            onChange={(e) => setRange({ ...range, to: e.currentTarget.value })}
          />
        </div>
      </form>
      {!valid && (
        <p role="alert" className="alert">
          Choose a start day on or before the end day.
        </p>
      )}
      <ErrorAlert error={query.error} />
      <DailyChart data={series} measure={COST} testId="costs-chart" />
      <DailyChart data={series} measure={TOKENS} testId="tokens-chart" />
      <h2>Per workflow</h2>
      <CostsTable rows={query.data?.byWorkflow ?? []} />
    </>
  );
}
