import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDicom } from '../lib/dicom/parse';
import { PYDICOM_TEST_DIR } from '../../tests/support/pydicom-files';
import { caseContext } from './case-context';
import { deidentifyFile, stagingPath } from './deid-file';
import { DeidThreads } from './deid-threads';

const ROOT = resolve(import.meta.dirname, '../..');
const TMP = join(ROOT, 'tests/.tmp/deid-threads-spec');
/** The helper threads run the CLI's compiled worker entry: running the CLI once builds it. */
const ENTRY = pathToFileURL(join(ROOT, 'node_modules/.cache/cassette/deid-worker.mjs'));

const arrayBufferOf = (path: string) => {
	const bytes = readFileSync(path);
	return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
};

beforeAll(() => {
	rmSync(TMP, { recursive: true, force: true });
	mkdirSync(join(TMP, 'threads'), { recursive: true });
	mkdirSync(join(TMP, 'main'), { recursive: true });
	expect(spawnSync(process.execPath, [join(ROOT, 'bin/cassette.cjs'), 'help'], { cwd: ROOT }).status).toBe(0);
});

describe('DeidThreads', () => {
	it('de-identifies files in helper threads exactly as the main thread does, and gives the bytes back', async () => {
		const context = caseContext('threads');
		// Uncompressed, deflated (pixel data passed through by reference) and encapsulated; burned-in risks included.
		const names = ['CT_small.dcm', 'image_dfl.dcm', 'JPEG2000.dcm'];
		const threads = (await DeidThreads.start(2, { out: join(TMP, 'threads'), context, includeBurnedIn: true }, ENTRY))!;
		expect(threads).toBeDefined();
		const offered = names.map((name, index) => {
			const bytes = arrayBufferOf(join(PYDICOM_TEST_DIR, name));
			const size = bytes.byteLength;
			return { accepted: threads.offer(index, bytes), size, detached: bytes.byteLength === 0 };
		});
		// Two helpers, two files queued each: all three are taken, and transferred, not copied.
		expect(offered.every((o) => o.accepted && o.detached)).toBe(true);
		const replies = (await threads.finish()).sort((a, b) => a.index - b.index);
		expect(replies.map((r) => r.index)).toEqual([0, 1, 2]);
		replies.forEach((reply, i) => expect(reply.bytes.byteLength).toBe(offered[i].size));

		for (const [i, name] of names.entries()) {
			const reply = replies[i];
			if (!('outcome' in reply) || reply.outcome.kind !== 'written') throw new Error(`${name}: ${JSON.stringify(reply)}`);
			const local = deidentifyFile(new Uint8Array(arrayBufferOf(join(PYDICOM_TEST_DIR, name))), { out: join(TMP, 'main'), context, includeBurnedIn: true }, i);
			if (local.kind !== 'written') throw new Error(`${name} excluded on the main thread`);
			expect(local.sopInstanceUID).toBe(reply.outcome.sopInstanceUID);
			expect(basename(reply.outcome.output)).toBe(basename(local.output));
			// A helper writes aside; the main thread (runDeid) moves the file into place.
			expect(reply.outcome.staged).toBe(stagingPath(join(TMP, 'threads'), i));
			expect(readFileSync(reply.outcome.staged!)).toEqual(readFileSync(local.output));
			expect(parseDicom(readFileSync(reply.outcome.staged!)).dataset.get(0x00100010)).toBeDefined();
		}
		expect(readdirSync(join(TMP, 'threads'))).toHaveLength(names.length);
	});

	it('answers a bad file with an error line, and a helper with no room with false', async () => {
		const threads = (await DeidThreads.start(1, { out: join(TMP, 'threads'), context: caseContext('bad'), includeBurnedIn: false }, ENTRY))!;
		const junk = new TextEncoder().encode('not DICOM at all, not even close').buffer as ArrayBuffer;
		expect(threads.offer(0, junk)).toBe(true);
		expect(threads.offer(1, arrayBufferOf(join(PYDICOM_TEST_DIR, 'MR_truncated.dcm')))).toBe(true);
		expect(threads.offer(2, arrayBufferOf(join(PYDICOM_TEST_DIR, 'CT_small.dcm')))).toBe(false);
		const replies = (await threads.finish()).sort((a, b) => a.index - b.index);
		expect(replies).toHaveLength(2);
		for (const reply of replies) expect('error' in reply && reply.error).toMatch(/^not readable as DICOM: /);
	});

	it('fails the files of a helper that cannot start, instead of waiting for them forever', async () => {
		const threads = (await DeidThreads.start(1, { out: join(TMP, 'threads'), context: caseContext('x'), includeBurnedIn: false }, pathToFileURL(join(TMP, 'no-such-worker.mjs'))))!;
		expect(threads.offer(0, arrayBufferOf(join(PYDICOM_TEST_DIR, 'CT_small.dcm')))).toBe(true);
		const replies = await threads.finish();
		expect(replies).toHaveLength(1);
		expect('error' in replies[0] && replies[0].error).toMatch(/^helper thread (failed|exited)/);
	});

	it('is not started without a compiled worker entry', async () => {
		expect(await DeidThreads.start(2, { out: TMP, context: caseContext('x'), includeBurnedIn: false }, undefined)).toBeUndefined();
	});
});

describe('defaultJobs', () => {
	it('leaves one idle core to V8 and gives each other idle core a thread: at least one, at most four', async () => {
		const { defaultJobs } = await import('./deid');
		expect(defaultJobs(2, 0.1)).toBe(1);
		expect(defaultJobs(2, 3.5)).toBe(1);
		expect(defaultJobs(4, 0)).toBe(3);
		expect(defaultJobs(8, 2)).toBe(4);
		expect(defaultJobs(8, 5.2)).toBe(2);
		expect(defaultJobs(1, 0)).toBe(1);
	});
});
