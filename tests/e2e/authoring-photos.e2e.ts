// Plain photographs on a phone: a JPEG carrying EXIF (camera, GPS, original date, the patient's
// name as description and a doctor as artist) and a JPEG comment, and a PNG carrying eXIf and
// tEXt chunks, both under file names that name the patient. They are re-encoded on the device:
// neither what the browser sends nor what the server stores (API, databases, files) holds any
// metadata value or the original file names.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, t, test, useLocale, type Locale } from './env';
import { findNeedles } from './fixtures/authoring/phi-study';
import { jpegWithMetadata, photoByteRuns, photoNeedles, pngWithMetadata } from './fixtures/authoring/photos';
import { captureRequests, sentHits } from './fixtures/authoring/requests';
import { scanServerData } from './fixtures/authoring/server-data';
import { storedCases, verifiedContributor } from './fixtures/authoring/session';

const DIR = path.join(process.cwd(), 'tests', '.tmp', `authoring-photos-${process.pid}`);
test.afterEach(() => rmSync(DIR, { recursive: true, force: true }));

test('photographs lose their EXIF, PNG text chunks and file names before anything leaves the phone', async ({ page }) => {
	test.setTimeout(120_000);
	const locale: Locale = 'es';
	await useLocale(page, locale);
	const sent = await captureRequests(page);
	const who = await verifiedContributor(page, locale, 'photo');
	await page.goto('/new');

	// plain pixels from the browser's own encoders, then the metadata spliced in by the fixture
	const [jpeg, png] = await page.evaluate(async () => {
		const canvas = new OffscreenCanvas(320, 240);
		const g = canvas.getContext('2d')!;
		const gradient = g.createLinearGradient(0, 0, 320, 240);
		gradient.addColorStop(0, '#d9a066');
		gradient.addColorStop(1, '#3b5b8c');
		g.fillStyle = gradient;
		g.fillRect(0, 0, 320, 240);
		for (let i = 0; i < 400; i++) {
			g.fillStyle = `hsl(${(i * 37) % 360} 60% 50%)`;
			g.fillRect((i * 53) % 320, (i * 29) % 240, 6, 6);
		}
		const bytes = async (type: string) => Array.from(new Uint8Array(await (await canvas.convertToBlob({ type, quality: 0.9 })).arrayBuffer()));
		return [await bytes('image/jpeg'), await bytes('image/png')];
	});
	const photos = [
		{ name: 'Núñez García María José herida.jpg', bytes: jpegWithMetadata(new Uint8Array(jpeg)) },
		{ name: 'IMG_NunezGarcia_7f3a.png', bytes: pngWithMetadata(new Uint8Array(png)) }
	];
	mkdirSync(DIR, { recursive: true });
	const paths = photos.map((p) => {
		writeFileSync(path.join(DIR, p.name), p.bytes);
		return path.join(DIR, p.name);
	});
	const needles = [...photoNeedles, ...photos.flatMap((p) => [p.name, p.name.replace(/\.\w+$/, '')]), 'Núñez García', 'Nunez Garcia', 'NunezGarcia'];
	// the detector sees every metadata value in the files as picked (so a clean result below means something)
	expect(findNeedles(photos[0].bytes, photoNeedles, photoByteRuns)).toEqual(expect.arrayContaining(['Camara7f3a Labs', 'Fono-7f3a Pro', '2021:03:15 10:42:07', '<24 raw bytes>']));
	expect(findNeedles(photos[1].bytes, photoNeedles)).toEqual(expect.arrayContaining(['Núñez García^María José', 'Hospital Quintero 7f3a, 2021-03-15', 'Dra Quintero Ybarra 7f3a']));

	await page.getByTestId('pick-files').setInputFiles(paths);
	await expect(page.getByTestId('import-done')).toBeVisible({ timeout: 30_000 });
	await expect(page.getByTestId('deid-summary')).toContainText(`${t(locale, 'author_photos')} (2)`);
	await expect(page.getByTestId('skipped')).toHaveCount(0);
	await page.getByTestId('open-draft').click();
	await expect(page.getByTestId('series-editor')).toHaveCount(1);

	const title = 'Úlcera por presión sacra';
	await page.getByLabel(t(locale, 'draft_field_title'), { exact: true }).fill(title);
	await page.getByLabel(t(locale, 'draft_field_category'), { exact: true }).selectOption('other');
	await page.getByTestId('phi-ack').check();
	await expect(page.getByTestId('save-state')).not.toHaveText(t(locale, 'draft_saving'));
	await page.getByTestId('publish').click();
	await expect(page.getByTestId('public-url')).toBeVisible({ timeout: 60_000 });

	const uploads = sent.filter((s) => s.url.includes('/api/collections/images/records') && s.method === 'POST');
	expect(uploads.map((s) => s.body.length > 1000), 'both photographs were uploaded and captured').toEqual([true, true]);
	expect(sentHits(sent, needles, needles, photoByteRuns)).toEqual([]);

	const [stored, ...others] = await storedCases(who);
	expect(others).toEqual([]);
	expect(stored.imageCount).toBe(2);
	expect(stored.dicomCount).toBe(0);
	for (const file of stored.files) {
		// what the server keeps is a JPEG with no APP1 (EXIF/XMP) segment and no comment
		expect([...file.bytes.subarray(0, 3)], file.name).toEqual([0xff, 0xd8, 0xff]);
		expect(findNeedles(file.bytes, ['Exif', 'http://ns.adobe.com/xap'], photoByteRuns), file.name).toEqual([]);
		expect(findNeedles(file.bytes, needles, photoByteRuns), file.name).toEqual([]);
	}
	expect(findNeedles(new TextEncoder().encode(stored.records), needles)).toEqual([]);

	const onDisk = scanServerData(needles, needles, photoByteRuns);
	expect(onDisk.storedFiles).toBeGreaterThanOrEqual(2);
	expect(onDisk.hits).toEqual([]);
});
