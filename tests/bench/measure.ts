/** measure: run something several times and keep the median, the statistic the bench reports. */
import { spawnSync } from 'node:child_process';

/** median of a non-empty list. */
export function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** timeCommand runs a program to completion and returns its wall time in ms; it throws when the program fails. */
export function timeCommand(program: string, args: readonly string[], cwd: string): number {
	const start = performance.now();
	const run = spawnSync(program, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	const ms = performance.now() - start;
	if (run.error) throw new Error(`${program}: ${run.error.message}`);
	if (run.status !== 0) throw new Error(`${program} exited with ${run.status}: ${run.stderr.split('\n').slice(0, 3).join(' ')}`);
	return ms;
}

/** medianOf runs `once` (after `prepare`, untimed) `runs` times and returns the median. */
export async function medianOf(runs: number, once: () => number | Promise<number>, prepare: () => void = () => {}): Promise<number> {
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		prepare();
		times.push(await once());
	}
	return median(times);
}
