// Frame statistics for the viewer benchmark, from requestAnimationFrame timestamps.

/** VSYNC_MS is one frame at 60 Hz, the budget every frame must meet. */
export const VSYNC_MS = 1000 / 60;

/** FrameStats summarises rAF intervals. */
export interface FrameStats {
	frames: number;
	p95: number;
	/** missed vsyncs over expected frames, in % */
	droppedPct: number;
}

/** percentile returns the p-th percentile (0–100, nearest rank) of values. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * frameStats turns rAF timestamps into intervals. A frame is dropped for every vsync an interval
 * spans beyond the first (an interval of 50 ms at 60 Hz dropped two frames), the usual definition.
 */
export function frameStats(timestamps: readonly number[]): FrameStats {
	const intervals = timestamps.slice(1).map((t, i) => t - timestamps[i]);
	let expected = 0;
	let dropped = 0;
	for (const dt of intervals) {
		const vsyncs = Math.max(1, Math.round(dt / VSYNC_MS));
		expected += vsyncs;
		dropped += vsyncs - 1;
	}
	return { frames: intervals.length, p95: percentile(intervals, 95), droppedPct: expected ? (100 * dropped) / expected : Number.NaN };
}
