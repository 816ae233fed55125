/**
 * deid-peers: de-identification of one folder by `cassette deid` and by its peers, gdcmanon
 * (GDCM, C++: the PS3.15 Basic Profile with `-e`, and its "dumb" mode) and dcmjs (read +
 * anonymizer.cleanTags + write), each as a fresh process, as a user would run them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { caseContext } from '../../src/cli/case-context';
import { runDeid } from '../../src/cli/deid';
import { median, medianOf, timeCommand, TOOL_ENV } from './measure';

/** DeidMeasurement is one tool's median wall time on the folder. */
export interface DeidMeasurement {
	tool: string;
	ms: number;
}

/** certificateIn makes (once) the self-signed certificate gdcmanon -e requires to encrypt the original attributes. */
function certificateIn(dir: string): string {
	const cert = join(dir, 'gdcmanon-cert.pem');
	if (!existsSync(cert)) {
		execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650', '-subj', '/CN=cassette-bench', '-keyout', join(dir, 'gdcmanon-key.pem'), '-out', cert], { stdio: 'ignore' });
	}
	return cert;
}

/** measureDeid times each tool `runs` times on `input` and returns the medians. */
export async function measureDeid(repo: string, input: string, scratch: string, runs: number): Promise<DeidMeasurement[]> {
	const out = join(scratch, 'deid-out');
	const clean = () => rmSync(out, { recursive: true, force: true });
	const cert = certificateIn(scratch);
	const tools: { tool: string; program: string; args: string[]; mkdir?: boolean }[] = [
		{ tool: 'cassette deid (CLI)', program: process.execPath, args: [join(repo, 'bin/cassette.cjs'), 'deid', '--seed', 'bench', '--out', out, input] },
		{ tool: 'gdcmanon -e (Basic Profile)', program: 'gdcmanon', args: ['-e', '-c', cert, '--recursive', '-i', input, '-o', out], mkdir: true },
		{ tool: 'gdcmanon --dumb (5 tags)', program: 'gdcmanon', args: ['--dumb', '--recursive', '-i', input, '-o', out, '--empty', '10,10', '--empty', '10,20', '--remove', '10,30', '--remove', '8,80', '--remove', '8,90'], mkdir: true },
		{ tool: 'dcmjs 0.51.1 cleanTags', program: process.execPath, args: [join(repo, 'tests/bench/dcmjs-deid.cjs'), out, input] }
	];
	const prepare = (t: (typeof tools)[number]) => {
		clean();
		// gdcmanon writes into an existing folder only.
		if (t.mkdir) execFileSync('mkdir', ['-p', out]);
	};
	// One untimed run of each first: it builds the CLI's cached bundle and code cache if a source
	// changed (a one-time cost, like compiling gdcmanon) and leaves every tool the same warm page cache.
	for (const t of tools) {
		prepare(t);
		timeCommand(t.program, t.args, repo);
	}
	// Then the tools take turns, run after run: on a shared machine whose load drifts, each tool
	// meets the same conditions, not one a quiet minute and the next a busy one.
	const times = tools.map(() => [] as number[]);
	for (let run = 0; run < runs; run++) {
		tools.forEach((t, i) => {
			prepare(t);
			times[i].push(timeCommand(t.program, t.args, repo));
		});
	}
	const results: DeidMeasurement[] = tools.map((t, i) => ({ tool: t.tool, ms: median(times[i]) }));
	// The same code without process start-up (Node, tsx, module compilation): the engine's own speed.
	const warm = async () => {
		const start = performance.now();
		const report = await runDeid({ out, inputs: [input], context: caseContext('bench'), includeBurnedIn: false, onError: (line) => console.error(line) });
		if (report.failed.length > 0) throw new Error(`cassette deid failed on ${report.failed.length} files`);
		return performance.now() - start;
	};
	await warm();
	results.push({ tool: 'cassette runDeid (warm, in-process)', ms: await medianOf(runs, warm, clean) });
	clean();
	return results;
}

/** nodeStartup is the median wall time of an empty Node process, in the tools' environment and in this one. */
export function nodeStartup(runs: number): { tools: number; machine: number } {
	const time = (env: NodeJS.ProcessEnv) => median(Array.from({ length: Math.max(runs, 5) }, () => timeCommand(process.execPath, ['-e', ''], process.cwd(), env)));
	return { tools: time(TOOL_ENV), machine: time(process.env) };
}
