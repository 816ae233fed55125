/**
 * deid: `cassette deid --out DIR INPUT...`. Every DICOM file found under the inputs (files,
 * folders, ZIP archives) is de-identified with one case context and written as
 * `<new SOP Instance UID>.dcm`; the JSON report lists what was written, excluded and failed.
 * Input paths appear in the report (the user's own machine), never inside the output files.
 */
import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import type { DeidContext } from '../lib/dicom/deid/deidentify';
import { scanEntries } from '../lib/import/scan';
import type { SkipReason } from '../lib/import/types';
import { prepareFile, stagingPath, writeParts, type ExclusionReason, type FileJob, type FileOutcome } from './deid-file';
import { DeidThreads } from './deid-threads';
import { describeError } from './errors';
import { fsEntries } from './fs-entries';
import { ReadBuffers } from './read-buffers';

/** DeidRunReport is the JSON printed by `cassette deid`. */
export interface DeidRunReport {
	written: { input: string; output: string; sopInstanceUID: string }[];
	/** excluded: not written; a duplicate names the input whose copy of the instance was kept. */
	excluded: { input: string; reasons: ExclusionReason[]; duplicateOf?: string }[];
	failed: { input: string; error: string }[];
	skipped: { input: string; reason: SkipReason }[];
}

/** DeidRunOptions are the command's arguments. */
export interface DeidRunOptions {
	out: string;
	inputs: string[];
	context: DeidContext;
	includeBurnedIn: boolean;
	/** jobs is how many threads de-identify (default: defaultJobs()); the main thread is one of them. */
	jobs?: number;
	/** onError receives one line per failed file, as it happens. */
	onError: (line: string) => void;
}

/** NOT_DICOM_REASONS make a file named on the command line a failure; found inside a folder or archive, it is only skipped. */
const NOT_DICOM_REASONS: ReadonlySet<SkipReason> = new Set(['not-dicom', 'empty', 'bad-zip', 'unreadable', 'too-large']);

/** MAX_DEFAULT_JOBS: beyond four threads the disk, not the CPU, sets the pace. */
const MAX_DEFAULT_JOBS = 4;

/**
 * defaultJobs leaves one idle core to V8 (it compiles hot code and collects garbage on background
 * threads) and the kernel, and gives each other idle core (cores minus the one-minute load
 * average) a thread: at least one, at most MAX_DEFAULT_JOBS. A helper thread costs its own
 * start-up and warm-up (about a third more CPU time in all), so it only pays on a core nobody
 * else needs. Measured on a 2-core machine over 300 slices: 0.32 s with a helper against 0.27 s
 * without, idle; 0.51–0.71 s against 0.38–0.45 s at load 3–4.
 */
export function defaultJobs(cores = availableParallelism(), load = loadavg()[0]): number {
	return Math.max(1, Math.min(Math.round(cores - load) - 1, cores - 1, MAX_DEFAULT_JOBS));
}

/**
 * runDeid de-identifies everything under the inputs; one bad file never stops the others. The
 * main thread lists and reads the files; each file is processed either there or, when one has
 * room, by a helper thread. Every thread holds at most a few files' bytes, so a study of any
 * length runs in constant memory. The report lists files in input order whoever processed them.
 */
export async function runDeid(options: DeidRunOptions): Promise<DeidRunReport> {
	mkdirSync(options.out, { recursive: true });
	const job: FileJob = { out: options.out, context: options.context, includeBurnedIn: options.includeBurnedIn };
	const jobs = options.jobs ?? defaultJobs();
	const named = new Set(options.inputs);
	const inputs: string[] = [];
	const outcomes = new Map<number, FileOutcome | { kind: 'failed'; error: string }>();
	const skipped: DeidRunReport['skipped'] = [];
	const failedBeforeReading: DeidRunReport['failed'] = [];
	const fail = (index: number, error: string) => {
		outcomes.set(index, { kind: 'failed', error });
		options.onError(`${inputs[index]}: ${error}`);
	};
	const buffers = new ReadBuffers();
	// Two input files can hold one instance (same SOP Instance UID, so one output name): the first
	// in input order is kept, whichever thread finished first, and the others are reported as
	// duplicates. Helper threads write aside (stagingPath) and the main thread moves their files
	// into place, so a later duplicate never overwrites the kept one.
	const owners = new Map<string, number>();
	/** duplicates maps an input left out as a duplicate to the output it shares. */
	const duplicates = new Map<number, string>();
	const duplicate: FileOutcome = { kind: 'excluded', reasons: ['duplicate-instance'] };
	const markDuplicate = (index: number, output: string) => {
		outcomes.set(index, duplicate);
		duplicates.set(index, output);
	};
	/** claim decides whether input `index` owns `output`; a later owner it displaces becomes a duplicate. */
	const claim = (index: number, output: string): boolean => {
		const owner = owners.get(output);
		if (owner !== undefined && owner < index) {
			markDuplicate(index, output);
			return false;
		}
		if (owner !== undefined) markDuplicate(owner, output);
		owners.set(output, index);
		return true;
	};
	const staged = new Set<number>();
	const settle = (replies: ReturnType<DeidThreads['drain']>) => {
		for (const reply of replies) {
			buffers.give(reply.bytes);
			staged.delete(reply.index);
			if ('error' in reply) {
				rmSync(stagingPath(job.out, reply.index), { force: true });
				fail(reply.index, reply.error);
				continue;
			}
			const outcome = reply.outcome;
			if (outcome.kind === 'written' && outcome.staged) {
				try {
					if (claim(reply.index, outcome.output)) renameSync(outcome.staged, outcome.output);
					else {
						rmSync(outcome.staged, { force: true });
						continue;
					}
				} catch (error) {
					if (owners.get(outcome.output) === reply.index) owners.delete(outcome.output);
					rmSync(outcome.staged, { force: true });
					fail(reply.index, describeError(error));
					continue;
				}
				outcomes.set(reply.index, { kind: 'written', output: outcome.output, sopInstanceUID: outcome.sopInstanceUID });
			} else outcomes.set(reply.index, outcome);
		}
	};
	const failEarly = (input: string, error: string) => {
		failedBeforeReading.push({ input, error });
		options.onError(`${input}: ${error}`);
	};
	const entries = fsEntries(options.inputs, (missing) => failEarly(missing.path, missing.reason), buffers);
	const onSkip = ({ path, reason }: { path: string; reason: SkipReason }) => {
		if (named.has(path) && NOT_DICOM_REASONS.has(reason)) failEarly(path, SKIP_MESSAGES[reason]);
		else skipped.push({ input: path, reason });
	};

	// Helpers start first, so that their start-up (a thread, the engine's modules) overlaps the
	// listing; a single file that is no archive is not worth a thread.
	const single = options.inputs.length === 1 && !/\.zip$/i.test(options.inputs[0]) && statSync(options.inputs[0], { throwIfNoEntry: false })?.isFile();
	const threads = single ? undefined : await DeidThreads.start(jobs - 1, job);
	// Items are known by their index here: a counter spares a random UUID per file.
	let nextId = 0;
	for await (const item of scanEntries(entries, { onSkip, newId: () => String(nextId++) })) {
		const index = inputs.push(item.path) - 1;
		try {
			const bytes = await item.read();
			if (threads) settle(threads.drain());
			if (threads?.offer(index, bytes)) {
				staged.add(index);
				continue;
			}
			const prepared = prepareFile(new Uint8Array(bytes), job, index);
			if (prepared.kind === 'excluded') outcomes.set(index, prepared);
			else if (claim(index, prepared.output)) {
				try {
					writeParts(prepared.output, prepared.parts);
				} catch (error) {
					owners.delete(prepared.output); // a file that failed keeps no instance from a later copy
					throw error;
				}
				outcomes.set(index, { kind: 'written', output: prepared.output, sopInstanceUID: prepared.sopInstanceUID });
			}
			// Written: nothing refers to the bytes any more (the parts were views of them).
			buffers.give(bytes);
		} catch (error) {
			fail(index, describeError(error));
		}
	}
	if (threads) settle(await threads.finish());
	// A helper that died may have left a file aside.
	for (const index of staged) rmSync(stagingPath(job.out, index), { force: true });

	const report: DeidRunReport = { written: [], excluded: [], failed: failedBeforeReading, skipped };
	inputs.forEach((input, index) => {
		const outcome = outcomes.get(index)!;
		if (outcome.kind === 'written') report.written.push({ input, output: outcome.output, sopInstanceUID: outcome.sopInstanceUID });
		else if (outcome === duplicate) report.excluded.push({ input, reasons: outcome.reasons, duplicateOf: inputs[owners.get(duplicates.get(index)!)!] });
		else if (outcome.kind === 'excluded') report.excluded.push({ input, reasons: outcome.reasons });
		else report.failed.push({ input, error: outcome.error });
	});
	return report;
}

const SKIP_MESSAGES: Record<SkipReason, string> = {
	'not-dicom': 'not a DICOM file',
	empty: 'empty file',
	'bad-zip': 'not a readable ZIP archive',
	unreadable: 'cannot be read',
	dicomdir: 'a DICOMDIR (index), not an image',
	'not-in-dicomdir': 'not listed in its DICOMDIR',
	'too-large': 'larger than 1 GiB, too large to de-identify'
};
