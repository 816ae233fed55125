/**
 * The import pipeline in a real browser: Debian's Chromium opens the bench page (Vite dev
 * server), which imports files, a ZIP and junk through importItems → importStudy → the worker
 * pool (comlink, OffscreenCanvas JPEG). Counts and outputs are checked; timings are not.
 */
import { Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CT_PHI, generateCtSeries, type CtSeries } from '../../../tests/fixtures/ct/generate';
import { openBenchPage, type BenchPage } from '../../../tests/bench/browser-harness';
import { PYDICOM_TEST_DIR } from '../../../tests/support/pydicom-files';
import { THUMBNAIL_MAX_LONG_SIDE } from '../dicom/render';

const TMP = resolve(import.meta.dirname, '../../../tests/.tmp/pool-chromium');
let page: BenchPage;
let series: CtSeries;
let zip: string;
let junk: string;

beforeAll(async () => {
	mkdirSync(TMP, { recursive: true });
	series = await generateCtSeries({ slices: 6, seed: 7 });
	const writer = new ZipWriter(new Uint8ArrayWriter());
	for (const file of series.jpegLs.files) await writer.add(`export/DICOM/ST1/${basename(file, '.dcm')}`, new Uint8ArrayReader(readFileSync(file)));
	zip = join(TMP, 'export.zip');
	writeFileSync(zip, await writer.close());
	junk = join(TMP, 'LOVELACE_referral.txt');
	writeFileSync(junk, 'a referral letter, not an image');
	page = await openBenchPage();
}, 180_000);

afterAll(async () => {
	await page?.close();
});

describe('importStudy in Chromium', () => {
	it('imports loose files and a ZIP through the worker pool: de-identified DICOM, JPEG previews, junk skipped, burned-in risk excluded', async () => {
		await page.choose([...series.raw.files, zip, join(PYDICOM_TEST_DIR, 'CT_small.dcm'), join(PYDICOM_TEST_DIR, 'SC_rgb_small_odd.dcm'), junk]);
		const run = await page.importAll({ find: CT_PHI.patientName });
		expect(run.failures).toEqual([]);
		expect(run.skipped).toEqual([{ path: 'LOVELACE_referral.txt', reason: 'not-dicom' }]);
		expect(run.progress).toEqual({
			filesRead: 6 + 6 + 1 + 1,
			bytesRead: expect.any(Number),
			instancesDeidentified: 13,
			previewsMade: 13,
			excluded: 1,
			failed: 0
		});
		expect(run.previewTypes).toEqual(['image/jpeg']);
		// One JPEG thumbnail per series (the loose CT and its JPEG-LS copy in the ZIP, CT_small), not one per slice.
		expect(run.series).toBeGreaterThanOrEqual(2);
		expect(run.thumbnails).toBe(run.series);
		expect(run.thumbnailTypes).toEqual(['image/jpeg']);
		expect(run.thumbnailLongSide).toBe(THUMBNAIL_MAX_LONG_SIDE);
		expect(run.thumbnailBytes).toBeGreaterThan(0);
		expect(run.previewErrors).toEqual([]);
		expect(run.outputsWithoutDicm).toBe(0);
		expect(run.outputsContaining).toBe(0);
		expect(run.poolSize).toBeGreaterThanOrEqual(1);
	});

	it('stops when the AbortSignal fires and the pool still serves the next import', async () => {
		await page.choose(series.raw.files);
		const aborted = await page.importAll({ abortAfter: 2 });
		expect(aborted.failures).toEqual(['aborted']);
		expect(aborted.progress.filesRead).toBeLessThan(6);
		const again = await page.importAll();
		expect(again.progress.previewsMade).toBe(6);
	});
});
