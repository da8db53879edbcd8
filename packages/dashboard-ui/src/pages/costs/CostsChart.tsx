import { useEffect, useRef } from "react";
import uPlot from "uplot";
import type { CostSeries } from "../../lib/cost-series";
import { formatCost } from "../../lib/format";

const PALETTE = [
  "#0969da",
  "#bf3989",
  "#1a7f37",
  "#9a6700",
  "#8250df",
  "#cf222e",
  "#116329",
  "#57606a",
];

/** Daily cost per workflow as a uPlot line chart (one series per workflow). */
export function CostsChart({ data }: { data: CostSeries }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const host = ref.current;
    if (!host) return;
    const width = Math.max(320, host.clientWidth);
    const plot = new uPlot(
      {
        width,
        height: 280,
        title: "Cost per day (USD)",
        scales: { x: { time: true } },
        axes: [{}, { values: (_u, values) => values.map((v) => formatCost(v)), size: 70 }],
        series: [
          { label: "Day" },
          ...data.series.map((s, i) => ({
            label: s.workflowId,
            stroke: PALETTE[i % PALETTE.length],
            width: 2,
            points: { show: true },
            value: (_u: uPlot, v: number | null) => (v === null ? "—" : formatCost(v)),
          })),
        ],
      },
      [data.xs, ...data.series.map((s) => s.cost)],
      host,
    );
    const resize = (): void =>
      plot.setSize({ width: Math.max(320, host.clientWidth), height: 280 });
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      plot.destroy();
    };
  }, [data]);
  return (
    <figure className="chart" aria-label="Cost per day per workflow">
      <div ref={ref} data-testid="costs-chart" />
      {data.series.length === 0 && (
        <figcaption className="muted">No AI calls in this range.</figcaption>
      )}
    </figure>
  );
}
