import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { apiGet } from "../../api/client";
import type { Costs } from "../../api/types";
import { ErrorAlert } from "../../components/ErrorAlert";
import { costSeries, utcDay } from "../../lib/cost-series";
import { CostsChart } from "./CostsChart";
import { CostsTable } from "./CostsTable";

function defaultRange(): { from: string; to: string } {
  const now = Date.now();
  return { from: utcDay(new Date(now - 29 * 86_400_000)), to: utcDay(new Date(now)) };
}

/** AI cost and tokens per workflow and per day over a date range (UTC days, `to` inclusive). */
export function CostsPage() {
  const [range, setRange] = useState(defaultRange);
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
      <CostsChart data={series} />
      <h2>Per workflow</h2>
      <CostsTable rows={query.data?.byWorkflow ?? []} />
    </>
  );
}
