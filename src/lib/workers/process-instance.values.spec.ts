import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../dicom/decode/decode-frame';
import { encodedFrame, imageInfoOf } from '../dicom/decode/frames';
import { parseDicom } from '../dicom/parse';
import { encodePng, type RenderedImage } from '../dicom/render';
import { T } from '../dicom/tags';
import { getNumber } from '../dicom/values';
import { codesOf, codeToHu, HU_KNOTS } from '../viewer/hu-encoding';
import { PYDICOM_TEST_DIR } from '../../../tests/support/pydicom-files';
import { processInstance, transferablesOf, VALUES_QUALITY, type ImageEncoder } from './process-instance';

const ctx = { secret: 'values-spec', dateOffsetDays: -30, timeOffsetSeconds: 60 };
const bufferOf = (name: string) => {
	const bytes = readFileSync(join(PYDICOM_TEST_DIR, name));
	return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
};

// Node has no OffscreenCanvas: lossless PNG stands in for the worker's JPEG, recording the quality asked for.
const qualities: number[] = [];
const png: ImageEncoder = async (image: RenderedImage, quality) => {
	qualities.push(quality);
	return { bytes: encodePng(image).slice().buffer, type: 'image/png', width: image.width, height: image.height };
};

/** decodePng reads back the RGBA of encodePng's output (one IDAT run, filter 0 on every row: png.ts). */
function decodePng(bytes: ArrayBuffer, width: number, height: number): Uint8ClampedArray {
	const png = new Uint8Array(bytes);
	const view = new DataView(bytes);
	const idat: Uint8Array[] = [];
	for (let at = 8; at < png.length; ) {
		const length = view.getUint32(at);
		if (String.fromCharCode(...png.subarray(at + 4, at + 8)) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
		at += 12 + length;
	}
	const raw = inflateSync(Buffer.concat(idat));
	const rgba = new Uint8ClampedArray(width * height * 4);
	for (let y = 0; y < height; y++) rgba.set(raw.subarray(y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1)), y * width * 4);
	return rgba;
}

/** huPerCode is how many HU one code spans around `hu` (the slope of the companding segment). */
function huPerCode(hu: number): number {
	for (let k = 1; k < HU_KNOTS.length; k++) if (hu <= HU_KNOTS[k][0]) return (HU_KNOTS[k][0] - HU_KNOTS[k - 1][0]) / (HU_KNOTS[k][1] - HU_KNOTS[k - 1][1]);
	return Infinity;
}

describe('processInstance values (CT windowing)', () => {
	it('gives a CT slice a values image whose grey levels map back to its Hounsfield units', async () => {
		qualities.length = 0;
		const result = await processInstance(bufferOf('CT_small.dcm'), ctx, {}, png);
		expect(result.values).toMatchObject({ width: 128, height: 128 });
		expect(result.values!.width).toBe(result.preview!.width);
		// the values are encoded at 0.95, the preview at its own 0.85
		expect(qualities).toEqual([0.85, VALUES_QUALITY]);
		expect(VALUES_QUALITY).toBe(0.95);
		expect(transferablesOf(result)).toContain(result.values!.bytes);

		// expected HU, independently: stored values × RescaleSlope + RescaleIntercept (PS3.3 C.11.1)
		const file = parseDicom(readFileSync(join(PYDICOM_TEST_DIR, 'CT_small.dcm')));
		const slope = getNumber(file.dataset, T.RescaleSlope) ?? 1;
		const intercept = getNumber(file.dataset, T.RescaleIntercept) ?? 0;
		const info = imageInfoOf(file, 0);
		const frame = await decodeFrame(encodedFrame(file, 0, info), info, file.transferSyntaxUID);
		const codes = codesOf(decodePng(result.values!.bytes, 128, 128));
		const first = HU_KNOTS[0][0];
		const last = HU_KNOTS[HU_KNOTS.length - 1][0];
		let softTissue = 0;
		for (let i = 0; i < codes.length; i++) {
			const hu = Math.min(last, Math.max(first, frame.pixels[i] * slope + intercept));
			// one code rounds HU to its nearest step: back within half a step
			expect(Math.abs(codeToHu(codes[i]) - hu)).toBeLessThanOrEqual(huPerCode(hu) / 2 + 1e-9);
			if (hu >= -100 && hu <= 200) {
				softTissue++;
				expect(Math.abs(codeToHu(codes[i]) - hu)).toBeLessThanOrEqual(1.05);
			}
		}
		// the slice really has soft tissue, so the 2-HU precision was tested, and is not one flat grey
		expect(softTissue).toBeGreaterThan(1000);
		expect(new Set(codes).size).toBeGreaterThan(50);
	});

	it('gives no values to a slice that is not CT (MR units are not HU)', async () => {
		// MR_small is a derived image, a burned-in risk: included as after its review.
		const result = await processInstance(bufferOf('MR_small.dcm'), ctx, { includeBurnedIn: true }, png);
		expect(result.summary.modality).toBe('MR');
		expect(result.preview).toBeDefined();
		expect(result.values).toBeUndefined();
		expect(transferablesOf(result)).toHaveLength(2);
	});
});
