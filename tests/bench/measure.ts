/** measure: run something several times and keep the median, the statistic the bench reports. */
import { spawnSync } from 'node:child_process';

/** median of a non-empty list. */
export function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * TOOL_ENV is the environment the timed programs run in: this one without NODE_EXTRA_CA_CERTS.
 * Where that is set (a proxy's certificate bundle, as on the CI machines), every Node process
 * parses the whole bundle before running a line of code (~30 ms here), work no DICOM tool needs;
 * it would time the machine's TLS setup, not the tools. Node's own start-up is still counted, and
 * the bench prints both start-up times.
 */
export const TOOL_ENV: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_EXTRA_CA_CERTS'));

/** timeCommand runs a program to completion and returns its wall time in ms; it throws when the program fails. */
export function timeCommand(program: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = TOOL_ENV): number {
	const start = performance.now();
	const run = spawnSync(program, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
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
