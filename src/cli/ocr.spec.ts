import { Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodePng } from '../lib/dicom/render/png';
import { burnedInCine, burnedInDicom } from '../../tests/ocr/dicom';
import { openCorpusRenderer, type RenderedScene } from '../../tests/ocr/render';
import { PATIENTS, sceneOf } from '../../tests/ocr/scenes';
import { coveredShare } from '../../tests/ocr/score';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { main } from './main';
import { startNodeRecogniser } from '../lib/ocr/engine-node';
import { findIdentifyingText } from '../lib/ocr/find-text';
import { parseDicom } from '../lib/dicom/parse';
import { renderPreview } from '../lib/dicom/render';
import { ocrDicom, phiFromValues, type OcrImageReport } from './ocr';

const TMP = resolve(import.meta.dirname, '../../tests/.tmp/cli-ocr');
const INPUTS = join(TMP, 'inputs');
let ultrasound: RenderedScene;
let photo: RenderedScene;
/** cine: an ultrasound loop whose first frame shows the patient at the top, its middle frame nothing, its last frame the same lower down. */
let cine: RenderedScene[];

beforeAll(async () => {
	const renderer = await openCorpusRenderer();
	try {
		// scene 0: an ultrasound screen with patient 0's name, ID and birth date; scene 3: a tilted photo of a monitor showing patient 3's
		[ultrasound, photo] = [await renderer.render(sceneOf(0)), await renderer.render(sceneOf(3))];
		const scene = sceneOf(0);
		cine = [
			await renderer.render(scene),
			await renderer.render({ ...scene, lines: [] }),
			await renderer.render({ ...scene, lines: scene.lines.map((l) => ({ ...l, y: l.y + 300 })) })
		];
	} finally {
		await renderer.close();
	}
	rmSync(TMP, { recursive: true, force: true });
	mkdirSync(INPUTS, { recursive: true });
	writeFileSync(join(INPUTS, 'us.dcm'), burnedInDicom(ultrasound, PATIENTS[0]));
	writeFileSync(join(INPUTS, 'monitor.png'), encodePng(photo));
	const zip = new ZipWriter(new Uint8ArrayWriter());
	await zip.add('export/US/CINE1', new Uint8ArrayReader(burnedInCine(cine, PATIENTS[0])));
	writeFileSync(join(TMP, 'cine.zip'), await zip.close());
});


async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
	let out = '';
	let err = '';
	const code = await main(args, { out: (t) => (out += t), err: (t) => (err += `${t}\n`) });
	return { code, out, err };
}

function boxesOf(report: OcrImageReport) {
	return report.boxes.map(([x, y, w, h]) => ({ x0: x, y0: y, x1: x + w, y1: y + h }));
}

describe('cassette ocr', () => {
	it('proposes boxes over the name, ID and birth date of a burned-in ultrasound (PHI from its own header) and of a photo (PHI given), values masked', async () => {
		const shown = PATIENTS[3];
		const { code, out, err } = await run(['ocr', '--phi', 'Muñoz Ortega, Lucía', '--phi', shown.id, INPUTS]);
		expect(err).toBe('');
		expect(code).toBe(0);
		const reports = JSON.parse(out) as OcrImageReport[];
		expect(reports.map((r) => r.input.replace(/.*\//, '')).sort()).toEqual(['monitor.png', 'us.dcm']);
		for (const report of reports) {
			const scene = report.input.endsWith('.dcm') ? ultrasound : photo;
			expect([report.width, report.height]).toEqual([scene.width, scene.height]);
			for (const field of scene.truth.filter((t) => t.role !== 'harmless')) {
				expect(coveredShare(field.box, boxesOf(report)), `${report.input}: ${field.role}`).toBeGreaterThanOrEqual(0.85);
			}
			// nothing identifying is printed: only masked text
			for (const field of scene.truth) if (field.role !== 'harmless') expect(out).not.toContain(field.text);
		}
		expect(out).toContain('"masked": "N•••• G•••••, M•••• J•••"');
	}, 120_000);

	it('says which input it could not read, and fails', async () => {
		writeFileSync(join(TMP, 'notes.txt'), 'not an image');
		const { code, err } = await run(['ocr', join(TMP, 'notes.txt')]);
		expect(code).toBe(1);
		expect(err).toMatch(/^cassette ocr: .*notes\.txt: /);
	}, 60_000);
});

describe('cassette deid --ocr', () => {
	it('writes the burned-in ultrasound with OCR\'s boxes blacked out in its pixel data, where plain deid leaves it out', async () => {
		const input = join(INPUTS, 'us.dcm');
		const plain = await run(['deid', '--out', join(TMP, 'plain'), input]);
		expect(JSON.parse(plain.out).excluded).toHaveLength(1);

		const { code, out, err } = await run(['deid', '--ocr', '--out', join(TMP, 'redacted'), input]);
		expect(err).toBe('');
		expect(code).toBe(0);
		const report = JSON.parse(out);
		expect(report.excluded).toEqual([]);
		expect(report.written).toHaveLength(1);
		expect(report.written[0].ocr.boxes.length).toBeGreaterThanOrEqual(1);
		expect(new Set(report.written[0].ocr.hits.map((h: { category: string }) => h.category))).toEqual(new Set(['name', 'id', 'date']));
		// read again with the same OCR, against the patient's record (the header no longer has it): nothing identifying is left
		const recogniser = await startNodeRecogniser();
		try {
			const again = await ocrDicom(new Uint8Array(readFileSync(report.written[0].output)), PATIENTS[0].record, recogniser);
			expect(again.hits.filter((h) => h.source === 'record')).toEqual([]);
			expect(again.words).toBeGreaterThan(0); // the harmless text ("L", "HEAD FIRST") is still read
		} finally {
			await recogniser.close();
		}
	}, 120_000);
});

describe('cassette deid --ocr on a cine inside a ZIP', () => {
	it('reads the member again from the archive, joins the boxes of its first, middle and last frames and blacks them out on every frame', async () => {
		const input = join(TMP, 'cine.zip');
		expect(JSON.parse((await run(['deid', '--out', join(TMP, 'cine-plain'), input])).out).excluded).toEqual([{ input: `${input}/export/US/CINE1`, reasons: ['burned-in-annotation', 'modality:US'] }]);

		const { code, out, err } = await run(['deid', '--ocr', '--out', join(TMP, 'cine-redacted'), input]);
		expect(err).toBe('');
		expect(code).toBe(0);
		const report = JSON.parse(out);
		expect(report.excluded).toEqual([]);
		expect(report.written).toHaveLength(1);
		expect(report.written[0].input).toBe(`${input}/export/US/CINE1`);
		expect(report.written[0].ocr.frames).toEqual([0, 1, 2]);
		// the text where the first frame shows it and where the last shows it: both are boxed
		const boxes = report.written[0].ocr.boxes.map(([x, y, w, h]: number[]) => ({ x0: x, y0: y, x1: x + w, y1: y + h }));
		for (const [f, frame] of [cine[0], cine[2]].entries()) {
			for (const field of frame.truth.filter((t) => t.role !== 'harmless')) expect(coveredShare(field.box, boxes), `frame ${f * 2}: ${field.role}`).toBeGreaterThanOrEqual(0.85);
		}
		// read again frame by frame with the same OCR, against the patient's record: nothing identifying is left on any frame
		const written = parseDicom(new Uint8Array(readFileSync(report.written[0].output)));
		const recogniser = await startNodeRecogniser();
		try {
			for (const frame of [0, 2]) {
				const again = await findIdentifyingText(await renderPreview(written, { frame, maxLongSide: Infinity }), PATIENTS[0].record, recogniser.recognise);
				expect(again.hits.filter((h) => h.source === 'record'), `frame ${frame}`).toEqual([]);
			}
		} finally {
			await recogniser.close();
		}
	}, 180_000);
});

describe('phiFromValues', () => {
	it('reads dates, names and IDs', () => {
		expect(phiFromValues(['17/04/1923', '1923-04-17', 'Núñez García, María', '00123456']).values).toEqual([
			{ kind: 'date', value: '19230417', sources: ['--phi'] },
			{ kind: 'date', value: '19230417', sources: ['--phi'] },
			{ kind: 'name', value: 'Núñez García^María', sources: ['--phi'] },
			{ kind: 'id', value: '00123456', sources: ['--phi'] }
		]);
	});
});
