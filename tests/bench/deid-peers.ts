/**
 * deid-peers: de-identification of one folder by `cassette deid` and by its peers, gdcmanon
 * (GDCM, C++: the PS3.15 Basic Profile with `-e`, and its "dumb" mode) and dcmjs (read +
 * anonymizer.cleanTags + write), each as a fresh process, as a user would run them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, truncateSync } from 'node:fs';
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

/**
 * OutputFolders hands every run a new folder and deletes nothing before the last run, because
 * of how ext4 without a journal (these machines' root file system) allocates inodes: it does not
 * reuse an inode freed in the last 60 s, or 300 s while its inode-table block is dirty, and steps
 * past each such inode, one buffer-cache lookup apiece, before it takes a fresh one
 * (`recently_deleted()` in linux fs/ext4/ialloc.c, RECENTCY_MIN and RECENTCY_DIRTY). A new file
 * goes to its folder's block group, and a new folder to its parent's. So when the bench deleted
 * each run's 300 files before the next run, every run created its files behind a growing pile of
 * such inodes: 300 empty files took 220-350 ms instead of 6-14 ms, more than de-identifying
 * them, and more for whichever tool came later; a bench started within minutes of another paid
 * for the other's clean-up too. Hence:
 * - the root has the Orlov allocator's "top directory" flag (`chattr +T`), which places each new
 *   folder in it in a block group picked afresh (by a hash of its name, then the emptiest group),
 *   not in the root's own group, as a user's new `--out` folder would be;
 * - folder names are unique to this bench (a time stamp), so they hash to groups of their own;
 * - a run's files are truncated to 0 bytes after it (untimed), which frees their data but not
 *   their inodes, and the folders are deleted once, after the last run. Keeping the data instead
 *   let dirty pages pile up until writeback ran during later runs (one CLI run went from 0.26 s
 *   to 0.7 s by the fourth kept output).
 */
class OutputFolders {
	private count = 0;
	private readonly stamp = Date.now().toString(36);
	/** spread tells whether the root has the top-directory flag (ext4 only). */
	readonly spread: boolean;
	constructor(readonly root: string) {
		mkdirSync(root, { recursive: true });
		// What an earlier bench left behind when it was interrupted.
		for (const stale of readdirSync(root)) rmSync(join(root, stale), { recursive: true, force: true });
		this.spread = spawnSync('chattr', ['+T', root], { stdio: 'ignore' }).status === 0;
	}
	/** next returns a new, empty folder. */
	next(): string {
		const dir = join(this.root, `${this.stamp}-${this.count++}`);
		mkdirSync(dir);
		return dir;
	}
	/** empty truncates every file under dir, keeping the files, and so their inodes, in place. */
	empty(dir: string): void {
		for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
			if (entry.isFile()) truncateSync(join(entry.parentPath, entry.name));
		}
	}
	/** dispose deletes every folder this bench made. */
	dispose(): void {
		for (const dir of readdirSync(this.root)) {
			if (dir.startsWith(`${this.stamp}-`)) rmSync(join(this.root, dir), { recursive: true, force: true });
		}
	}
}

/**
 * fileCreationMs is the time to create `files` empty files in a new folder beside the tools'
 * output: a cost every tool pays once per output file, printed with the table so that a reader
 * can tell a slow file system from a slow tool.
 */
function fileCreationMs(folders: OutputFolders, files: number): number {
	const dir = folders.next();
	const start = performance.now();
	for (let i = 0; i < files; i++) closeSync(openSync(join(dir, `${i}.dcm`), 'w'));
	return performance.now() - start;
}

/** DeidComparison is the tools' medians and the file-creation probe taken before and after them. */
export interface DeidComparison {
	results: DeidMeasurement[];
	/** oneSlice: the CLI's and gdcmanon -e's medians on a folder of one slice, their fixed cost (process start-up and set-up). */
	oneSlice: DeidMeasurement[];
	createFilesMs: { before: number; after: number; files: number; spread: boolean };
}

/** measureDeid times each tool `runs` times on `input` and returns the medians. */
export async function measureDeid(repo: string, input: string, scratch: string, runs: number, files: number): Promise<DeidComparison> {
	const folders = new OutputFolders(join(scratch, 'deid-out'));
	const cert = certificateIn(scratch);
	const cli = (from: string) => (out: string): [string, string[]] => [process.execPath, [join(repo, 'bin/cassette.cjs'), 'deid', '--seed', 'bench', '--out', out, from]];
	const gdcmanon = (from: string) => (out: string): [string, string[]] => ['gdcmanon', ['-e', '-c', cert, '--recursive', '-i', from, '-o', out]];
	const tools: { tool: string; command: (out: string) => [string, string[]] }[] = [
		{ tool: 'cassette deid (CLI)', command: cli(input) },
		{ tool: 'gdcmanon -e (Basic Profile)', command: gdcmanon(input) },
		{
			tool: 'gdcmanon --dumb (5 tags)',
			command: (out) => ['gdcmanon', ['--dumb', '--recursive', '-i', input, '-o', out, '--empty', '10,10', '--empty', '10,20', '--remove', '10,30', '--remove', '8,80', '--remove', '8,90']]
		},
		{ tool: 'dcmjs 0.51.1 cleanTags', command: (out) => [process.execPath, [join(repo, 'tests/bench/dcmjs-deid.cjs'), out, input]] }
	];
	// Every tool gets a new, existing folder (gdcmanon writes into an existing folder only).
	const once = (t: (typeof tools)[number]) => {
		const out = folders.next();
		const ms = timeCommand(...t.command(out), repo);
		folders.empty(out);
		return ms;
	};
	try {
		const before = fileCreationMs(folders, files);
		// One untimed run of each first: it builds the CLI's cached bundle and code cache if a source
		// changed (a one-time cost, like compiling gdcmanon) and leaves every tool the same warm page cache.
		for (const t of tools) once(t);
		// Then the tools take turns, run after run: on a shared machine whose load drifts, each tool
		// meets the same conditions, not one a quiet minute and the next a busy one.
		const times = tools.map(() => [] as number[]);
		for (let run = 0; run < runs; run++) tools.forEach((t, i) => times[i].push(once(t)));
		const results: DeidMeasurement[] = tools.map((t, i) => ({ tool: t.tool, ms: median(times[i]) }));
		// The same two on a folder holding one of the slices: what each pays before and after its files.
		const single = join(scratch, 'one-slice');
		rmSync(single, { recursive: true, force: true });
		mkdirSync(single);
		const first = readdirSync(input).sort()[0];
		copyFileSync(join(input, first), join(single, first));
		const fixed = [
			{ tool: 'cassette deid (CLI)', command: cli(single) },
			{ tool: 'gdcmanon -e (Basic Profile)', command: gdcmanon(single) }
		];
		for (const t of fixed) once(t);
		const oneSlice = fixed.map((t) => ({ tool: t.tool, ms: median(Array.from({ length: Math.max(runs, 5) }, () => once(t))) }));
		// The same code without process start-up (Node, tsx, module compilation): the engine's own speed.
		const warm = async () => {
			const out = folders.next();
			const start = performance.now();
			const report = await runDeid({ out, inputs: [input], context: caseContext('bench'), includeBurnedIn: false, onError: (line) => console.error(line) });
			const ms = performance.now() - start;
			folders.empty(out);
			if (report.failed.length > 0) throw new Error(`cassette deid failed on ${report.failed.length} files`);
			return ms;
		};
		await warm();
		results.push({ tool: 'cassette runDeid (warm, in-process)', ms: await medianOf(runs, warm) });
		return { results, oneSlice, createFilesMs: { before, after: fileCreationMs(folders, files), files, spread: folders.spread } };
	} finally {
		folders.dispose();
	}
}

/** nodeStartup is the median wall time of an empty Node process, in the tools' environment and in this one. */
export function nodeStartup(runs: number): { tools: number; machine: number } {
	const time = (env: NodeJS.ProcessEnv) => median(Array.from({ length: Math.max(runs, 5) }, () => timeCommand(process.execPath, ['-e', ''], process.cwd(), env)));
	return { tools: time(TOOL_ENV), machine: time(process.env) };
}
