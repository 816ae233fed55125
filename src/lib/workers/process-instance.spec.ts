import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DicomParseError } from '../dicom/parse-error';
import { parseDicom } from '../dicom/parse';
import { encodePng, renderPreview, type RenderedImage } from '../dicom/render';
import { T } from '../dicom/tags';
import { PYDICOM_TEST_DIR } from '../../../tests/support/pydicom-files';
import { getString } from '../dicom/values';
import { previewOf, processInstance, redactInstance, transferablesOf, type ImageEncoder, type Stage } from './process-instance';

const ctx = { secret: 'process-instance-spec', dateOffsetDays: -200, timeOffsetSeconds: 45_296 };
const bufferOf = (name: string) => {
	const bytes = readFileSync(join(PYDICOM_TEST_DIR, name));
	return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
};
// Node has no OffscreenCanvas: the lossless PNG encoder stands in for the worker's JPEG encoder.
const encoded = (image: RenderedImage) => ({ bytes: encodePng(image).slice().buffer, type: 'image/png', width: image.width, height: image.height });
const png: ImageEncoder = async (image) => encoded(image);

describe('processInstance', () => {
	it('de-identifies a CT slice, makes its preview, and records the PHI it found', async () => {
		const stages: Stage[] = [];
		const result = await processInstance(bufferOf('CT_small.dcm'), ctx, {}, png, (s) => stages.push(s));
		const original = parseDicom(readFileSync(join(PYDICOM_TEST_DIR, 'CT_small.dcm'))).dataset;
		expect(result.excluded).toBe(false);
		expect(result.summary.modality).toBe('CT');
		const out = parseDicom(new Uint8Array(result.deidentified!.bytes));
		expect(getString(out.dataset, T.SOPInstanceUID)).toBe(result.deidentified!.sopInstanceUID);
		expect(getString(out.dataset, T.PatientIdentityRemoved)).toBe('YES');
		expect(result.phi.values.map((v) => v.value)).toContain(getString(original, T.PatientName));
		expect(result.preview).toMatchObject({ width: 128, height: 128, type: 'image/png' });
		// The series thumbnail is importStudy's business, once per series (pool.spec.ts).
		expect(result.thumbnail).toBeUndefined();
		expect(stages).toEqual(['deidentified', 'preview']);
		expect(transferablesOf(result)).toEqual([result.deidentified!.bytes, result.preview!.bytes, result.values!.bytes]);
	});

	it('previews bytes it de-identified before as they are: UIDs and dates do not move twice', async () => {
		const first = await processInstance(bufferOf('CT_small.dcm'), ctx, {}, png);
		const once = new Uint8Array(first.deidentified!.bytes.slice(0));
		const again = await processInstance(first.deidentified!.bytes.slice(0), ctx, { alreadyDeidentified: true }, png);
		expect(new Uint8Array(again.deidentified!.bytes)).toEqual(once);
		expect(again.deidentified!.sopInstanceUID).toBe(first.deidentified!.sopInstanceUID);
		expect(again.deidentified!.counts).toEqual({});
		expect(again.phi.values).toEqual([]);
		expect(again.preview).toMatchObject({ width: 128, height: 128 });
		// Without the option the same bytes would be de-identified a second time: other UIDs, other dates.
		const twice = await processInstance(first.deidentified!.bytes.slice(0), ctx, {}, png);
		const study = (bytes: ArrayBuffer) => getString(parseDicom(new Uint8Array(bytes)).dataset, T.StudyInstanceUID);
		expect(study(twice.deidentified!.bytes)).not.toBe(study(once.buffer as ArrayBuffer));
	});

	it('excludes an instance at risk of burned-in text unless asked to include it', async () => {
		const excluded = await processInstance(bufferOf('SC_rgb_small_odd.dcm'), ctx, {}, png);
		expect(excluded).toMatchObject({ excluded: true, burnedIn: { atRisk: true } });
		expect(excluded.deidentified).toBeUndefined();
		expect(excluded.preview).toBeUndefined();
		const included = await processInstance(bufferOf('SC_rgb_small_odd.dcm'), ctx, { includeBurnedIn: true }, png);
		expect(included.excluded).toBe(false);
		expect(included.deidentified).toBeDefined();
		expect(included.preview).toBeDefined();
	});

	it('still de-identifies an object without pixel data and says why there is no preview', async () => {
		const result = await processInstance(bufferOf('rtplan.dcm'), ctx, {}, png);
		expect(result.deidentified).toBeDefined();
		expect(result.preview).toBeUndefined();
		expect(result.previewError).toBeTruthy();
	});

	it('throws a DicomParseError for bytes that are not DICOM', async () => {
		await expect(processInstance(new TextEncoder().encode('hello').buffer, ctx, {}, png)).rejects.toBeInstanceOf(DicomParseError);
	});
});

describe('the worker jobs after an import: previewOf and redactInstance', () => {
	it('previewOf renders a stored instance with a window, and does not de-identify it again', async () => {
		const stored = (await processInstance(bufferOf('CT_small.dcm'), ctx, {}, png)).deidentified!.bytes;
		const own = await previewOf(stored.slice(0), undefined, png);
		const lung = await previewOf(stored.slice(0), { center: -600, width: 1500 }, png);
		const file = parseDicom(new Uint8Array(stored));
		expect(Buffer.from(own.bytes).equals(Buffer.from(encodePng(await renderPreview(file))))).toBe(true);
		expect(Buffer.from(lung.bytes).equals(Buffer.from(encodePng(await renderPreview(file, { window: { center: -600, width: 1500 } }))))).toBe(true);
		expect(Buffer.from(lung.bytes).equals(Buffer.from(own.bytes))).toBe(false);
	});

	it('redactInstance blacks out the regions of a de-identified image and keeps its UIDs and dates', async () => {
		const first = await processInstance(bufferOf('CT_small.dcm'), ctx, {}, png);
		const before = parseDicom(new Uint8Array(first.deidentified!.bytes.slice(0)));
		const result = await redactInstance(first.deidentified!.bytes.slice(0), [{ x: 0, y: 0, width: 128, height: 20 }], {}, png);
		const after = parseDicom(new Uint8Array(result.deidentified!.bytes));
		expect(getString(after.dataset, T.SOPInstanceUID)).toBe(getString(before.dataset, T.SOPInstanceUID));
		expect(getString(after.dataset, T.StudyDate)).toBe(getString(before.dataset, T.StudyDate));
		expect(getString(after.dataset, T.StudyTime)).toBe(getString(before.dataset, T.StudyTime));
		expect(getString(after.dataset, T.BurnedInAnnotation)).toBe('NO');
		expect(result.preview).toMatchObject({ width: 128, height: 128 });
		expect(result.phi.values).toEqual([]);
	});
});
