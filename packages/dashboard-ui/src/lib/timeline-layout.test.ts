import { describe, expect, it } from "vitest";
import { layoutTimeline, type TimelineStageInput } from "./timeline-layout";

const S = 1000;
const H = 3600 * S;

function stage(
  stageId: string,
  groupIndex: number,
  attempts: [number | null, number | null, string?][],
  waits: [number, number | null][] = [],
): TimelineStageInput {
  return {
    stageId,
    stageName: stageId.toUpperCase(),
    groupIndex,
    attempts: attempts.map(([startMs, endMs, outcome], i) => ({
      attempt: i + 1,
      outcome: outcome ?? "completed",
      startMs,
      endMs,
    })),
    waits: waits.map(([startMs, endMs]) => ({ startMs, endMs })),
  };
}

describe("layoutTimeline", () => {
  it("draws a short run linearly, without gaps", () => {
    const layout = layoutTimeline([stage("a", 1, [[0, 2 * S]]), stage("b", 2, [[2 * S, 4 * S]])], {
      nowMs: 10 * S,
    });
    expect(layout.gaps).toEqual([]);
    const [a, b] = layout.groups.map((g) => g.rows[0]!.bars[0]!);
    expect(a).toMatchObject({ left: 0, width: 50, durationMs: 2 * S });
    expect(b).toMatchObject({ left: 50, width: 50 });
    expect(layout.totalMs).toBe(4 * S);
  });

  it("compresses a 24-hour batch wait to a fixed-width gap that keeps its real duration", () => {
    const wait: [number, number] = [12 * S, 24 * H + 12 * S];
    const layout = layoutTimeline(
      [
        stage("prepare", 1, [[0, 10 * S]]),
        stage("batch", 2, [[10 * S, 24 * H + 15 * S]], [wait]),
        stage("report", 3, [[24 * H + 15 * S, 24 * H + 25 * S]]),
      ],
      { nowMs: 30 * H },
    );
    expect(layout.gaps).toHaveLength(1);
    const gap = layout.gaps[0]!;
    expect(gap.durationMs).toBe(24 * H);
    // The gap takes 8 % of the width; the 25 s of work (10 + 2 + 3 + 10) share the other 92 %.
    expect(gap.width).toBeCloseTo(8, 6);
    const report = layout.groups[2]!.rows[0]!.bars[0]!;
    expect(report.width).toBeCloseTo((10 / 25) * 92, 6);
    expect(report.left + report.width).toBeCloseTo(100, 6);
    const batch = layout.groups[1]!.rows[0]!.bars[0]!;
    expect(batch.durationMs).toBe(24 * H + 5 * S);
    expect(batch.waits).toHaveLength(1);
    expect(batch.waits[0]!.left).toBeCloseTo(gap.left, 6);
    expect(batch.waits[0]!.width).toBeCloseTo(gap.width, 6);
  });

  it("does not compress an idle stretch while another stage of the group works", () => {
    const layout = layoutTimeline(
      [
        stage("batch", 1, [[0, 5 * H]], [[1 * S, 5 * H - 1 * S]]),
        stage("parallel", 1, [[0, 5 * H]]),
      ],
      { nowMs: 6 * H },
    );
    expect(layout.gaps).toEqual([]);
    expect(layout.groups).toHaveLength(1);
    expect(layout.groups[0]!.rows.map((r) => r.stageId)).toEqual(["batch", "parallel"]);
    for (const row of layout.groups[0]!.rows)
      expect(row.bars[0]).toMatchObject({ left: 0, width: 100 });
  });

  it("compresses the idle time between a failed attempt and its late retry", () => {
    const layout = layoutTimeline(
      [
        stage("flaky", 1, [
          [0, 1 * S, "failed"],
          [2 * H, 2 * H + 3 * S, "completed"],
        ]),
      ],
      { nowMs: 3 * H },
    );
    expect(layout.gaps.map((g) => g.durationMs)).toEqual([2 * H - 1 * S]);
    const [first, second] = layout.groups[0]!.rows[0]!.bars;
    expect(first!.outcome).toBe("failed");
    expect(second!.attempt).toBe(2);
    expect(second!.left).toBeGreaterThan(first!.left + first!.width);
  });

  it("compresses a suspended wait however short, and keeps it apart from other idle time", () => {
    const layout = layoutTimeline(
      [
        stage("submit", 1, [[0, 6 * S]], [[1 * S, 5 * S]]),
        stage("report", 2, [[6 * S + 500, 7 * S]]),
      ],
      { nowMs: 8 * S },
    );
    expect(layout.gaps.map((g) => [g.startMs, g.endMs])).toEqual([[1 * S, 5 * S]]);
    expect(layout.gaps[0]!.width).toBeCloseTo(8, 6);
  });

  it("gives a gap its fixed width however short the work around it", () => {
    const layout = layoutTimeline([stage("submit", 1, [[0, null, "suspended"]], [[3, null]])], {
      nowMs: 45 * S,
    });
    expect(layout.gaps).toHaveLength(1);
    expect(layout.gaps[0]).toMatchObject({ left: 92, durationMs: 45 * S - 3 });
    expect(layout.gaps[0]!.width).toBeCloseTo(8, 6);
  });

  it("caps the gaps at 40 % of the width together", () => {
    const attempts: [number, number][] = [0, 1, 2, 3, 4, 5, 6].map((i) => [i * H, i * H + 10 * S]);
    const layout = layoutTimeline([stage("poll", 1, attempts)], { nowMs: 7 * H });
    expect(layout.gaps).toHaveLength(6);
    const total = layout.gaps.reduce((sum, g) => sum + g.width, 0);
    expect(total).toBeCloseTo(40, 6);
    for (const bar of layout.groups[0]!.rows[0]!.bars) expect(bar.width).toBeCloseTo(60 / 7, 6);
  });

  it("keeps idle stretches below the threshold uncompressed", () => {
    const layout = layoutTimeline(
      [stage("a", 1, [[0, 60 * S]]), stage("b", 2, [[65 * S, 120 * S]])],
      { nowMs: 200 * S },
    );
    expect(layout.gaps).toEqual([]);
    expect(layout.groups[1]!.rows[0]!.bars[0]!.left).toBeCloseTo((65 / 120) * 100, 6);
  });

  it("extends open attempts and waits to now, and skips attempts that never started", () => {
    const layout = layoutTimeline(
      [
        stage(
          "a",
          1,
          [
            [0, null, "suspended"],
            [null, null],
          ],
          [[1 * S, null]],
        ),
      ],
      { nowMs: 10 * H },
    );
    const bars = layout.groups[0]!.rows[0]!.bars;
    expect(bars).toHaveLength(1);
    expect(bars[0]!.endMs).toBe(10 * H);
    expect(layout.gaps).toHaveLength(1);
    expect(layout.gaps[0]!.endMs).toBe(10 * H);
  });

  it("returns an empty layout when nothing started", () => {
    const layout = layoutTimeline([stage("a", 1, [[null, null]])], { nowMs: 5 });
    expect(layout).toEqual({ groups: [], gaps: [], startMs: 5, endMs: 5, totalMs: 0 });
  });
});
