import { useEffect, useRef } from "react";
import uPlot from "uplot";
import type { CostSeries } from "../../lib/cost-series";

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

/** Which daily values of each workflow a chart draws, and how it labels them. */
export interface DailyMeasure {
  title: string;
  values: (series: CostSeries["series"][number]) => number[];
  format: (value: number) => string;
}

/** A uPlot line chart of one daily measure, one series per workflow, resized with the window. */
export function DailyChart({
  data,
  measure,
  testId,
}: {
  data: CostSeries;
  measure: DailyMeasure;
  testId: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const host = ref.current;
    if (!host) return;
    const width = (): number => Math.max(320, host.clientWidth);
    const plot = new uPlot(
      {
        width: width(),
        height: 260,
        title: measure.title,
        scales: { x: { time: true } },
        axes: [{}, { values: (_u, values) => values.map((v) => measure.format(v)), size: 80 }],
        series: [
          { label: "Day" },
          ...data.series.map((s, i) => ({
            label: s.workflowId,
            stroke: PALETTE[i % PALETTE.length],
            width: 2,
            points: { show: true },
            value: (_u: uPlot, v: number | null) => (v === null ? "—" : measure.format(v)),
          })),
        ],
      },
      [data.xs, ...data.series.map((s) => measure.values(s))],
      host,
    );
    const resize = (): void => plot.setSize({ width: width(), height: 260 });
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      plot.destroy();
    };
  }, [data, measure]);
  return (
    <figure className="chart" aria-label={measure.title}>
      <div ref={ref} data-testid={testId} />
      {data.series.length === 0 && (
        <figcaption className="muted">No AI calls in this range.</figcaption>
      )}
    </figure>
  );
}
