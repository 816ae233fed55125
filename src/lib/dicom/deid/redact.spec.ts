import { describe, expect, it } from 'vitest';
import { generatePhiStudy } from '../../../../tests/fixtures/phi/generate';
import { TransferSyntax } from '../dataset';
import { decodeFrame } from '../decode/decode-frame';
import { encodedFrame, imageInfoOf } from '../decode/frames';
import { parseDicom } from '../parse';
import { T } from '../tags';
import { readTestFile } from '../../../../tests/support/pydicom-files';
import { getSequence, getString } from '../values';
import { burnedInRisk } from './burned-in';
import { deidentify } from './deidentify';
import { redactRegions, type RedactRegion } from './redact';
import { dcmdump, writeTmp } from '../../../../tests/support/deid-tools';
import type { DicomFile } from '../dataset';

async function frames(file: DicomFile) {
	const info = imageInfoOf(file);
	const out = [];
	for (let i = 0; i < info.numberOfFrames; i++) out.push(await decodeFrame(encodedFrame(file, i, info), info, file.transferSyntaxUID));
	return out;
}

/** inside says whether pixel (x, y) falls in any region. */
const inside = (regions: RedactRegion[], x: number, y: number) => regions.some((r) => x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height);

/** compare checks, sample by sample, that redacted pixels are `black` and every other pixel is unchanged. */
async function compare(before: DicomFile, after: DicomFile, regions: RedactRegion[], black: (s: number) => number) {
	const a = await frames(before);
	const b = await frames(after);
	expect(b).toHaveLength(a.length);
	let blacked = 0;
	a.forEach((fa, f) => {
		const fb = b[f];
		const spp = fa.samplesPerPixel;
		for (let y = 0; y < fa.rows; y++) {
			for (let x = 0; x < fa.columns; x++) {
				for (let s = 0; s < spp; s++) {
					const i = (y * fa.columns + x) * spp + s;
					if (inside(regions, x, y)) {
						expect(fb.pixels[i]).toBe(black(s));
						blacked++;
					} else if (fb.pixels[i] !== fa.pixels[i]) {
						expect.fail(`frame ${f} pixel (${x},${y}) sample ${s} changed outside the regions`);
					}
				}
			}
		}
	});
	expect(blacked).toBeGreaterThan(0);
}

describe('redactRegions', () => {
	it('given the de-identified dose report, when its text band is blacked out, then the band is black, the rest unchanged, and the header says so', async () => {
		const study = generatePhiStudy({ slices: 1, rows: 40, columns: 48 });
		const deid = parseDicom(deidentify(parseDicom(study.files[1].bytes), { secret: 's', dateOffsetDays: -10, timeOffsetSeconds: 45_296 }).bytes);
		expect(burnedInRisk(deid).reasons).toContain('burned-in-annotation');
		const regions = [{ x: 0, y: 0, width: 48, height: 12 }];
		const out = parseDicom(await redactRegions(deid, regions));
		await compare(deid, out, regions, () => 0);
		expect(getString(out.dataset, T.BurnedInAnnotation)).toBe('NO');
		expect(burnedInRisk(out).reasons).not.toContain('burned-in-annotation');
		const codes = getSequence(out.dataset, T.DeidentificationMethodCodeSequence).map((i) => getString(i, T.CodeValue));
		expect(codes).toEqual(['113100', '113103', '113105', '113107', '113108', '113101']);
		expect(getString(out.dataset, T.SOPInstanceUID)).toBe(getString(deid.dataset, T.SOPInstanceUID));
		expect(dcmdump(writeTmp('redacted-dose.dcm', await redactRegions(deid, regions))).ok).toBe(true);
	});

	it('given a two-frame RGB RLE image, when regions are blacked out, then every frame is blacked and the result is uncompressed RGB', async () => {
		const input = parseDicom(readTestFile('SC_rgb_rle_2frame.dcm'));
		const regions = [{ x: 10, y: 5, width: 20, height: 7 }, { x: -5, y: 90, width: 500, height: 400 }];
		const out = parseDicom(await redactRegions(input, regions));
		expect(out.transferSyntaxUID).toBe(TransferSyntax.ExplicitVRLittleEndian);
		expect(getString(out.dataset, T.PhotometricInterpretation)).toBe('RGB');
		await compare(input, out, regions, () => 0);
	});

	it('given a signed 16-bit JPEG-LS MR, when a region is blacked out, then it gets the lowest stored value and the rest is lossless', async () => {
		const input = parseDicom(readTestFile('MR_small_jpeg_ls_lossless.dcm'));
		const info = imageInfoOf(input);
		const regions = [{ x: 0, y: 0, width: 16, height: 8 }];
		const out = parseDicom(await redactRegions(input, regions));
		const black = info.pixelRepresentation === 1 ? -(2 ** (info.bitsStored - 1)) : 0;
		await compare(input, out, regions, () => black);
	});

	it('never modifies its input, and rejects rectangles that are not whole pixels with a positive size', async () => {
		const bytes = readTestFile('CT_small.dcm');
		const copy = bytes.slice();
		const input = parseDicom(bytes);
		await redactRegions(input, [{ x: 0, y: 0, width: 8, height: 8 }]);
		expect(bytes).toEqual(copy);
		await expect(redactRegions(input, [{ x: 0, y: 0, width: 0, height: 8 }])).rejects.toThrow(RangeError);
		await expect(redactRegions(input, [{ x: 0.5, y: 0, width: 4, height: 8 }])).rejects.toThrow(/whole pixels/);
	});
});
