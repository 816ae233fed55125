/**
 * A CT series whose scanner burned the patient's name, ID and birth date into every slice's
 * corner (an overlay rendered into the pixels) while its header says nothing of it: modality CT,
 * ORIGINAL\PRIMARY, no Burned In Annotation — so no header rule holds it back, and only OCR of
 * sampled slices finds the text. Pixels come from a corpus scene drawn in Chromium; the header is
 * the CT fixture's (tests/fixtures/ct/generate.ts), whose PHI the text repeats. Synthetic only.
 */
import { CT_IMAGE_STORAGE, CT_PHI, ctSliceElements } from '../fixtures/ct/generate';
import { writePart10File } from '../fixtures/ct/part10';
import type { PhiRecord } from '../../src/lib/dicom/deid';
import type { Scene } from './scenes';

/** CT_OVERLAY_TEXT is what the overlay prints: the header's patient as a console shows it. */
export const CT_OVERLAY_TEXT = { name: 'LOVELACE, ADA', id: CT_PHI.patientId, birth: '10/12/1961' } as const;

/** CT_RECORD is the PHI record the import collects from these headers, as far as OCR matches it here. */
export const CT_RECORD: PhiRecord = {
	values: [
		{ kind: 'name', value: CT_PHI.patientName, sources: ['PatientName'] },
		{ kind: 'id', value: CT_PHI.patientId, sources: ['PatientID'] },
		{ kind: 'date', value: CT_PHI.birthDate, sources: ['PatientBirthDate'] }
	]
};

/** ctOverlayScene is a 512×512 CT slice with the overlay in its top-left corner and harmless text on the right. */
export function ctOverlayScene(): Scene {
	const line = (label: string, text: string, role: Scene['lines'][number]['role'], x: number, y: number) => ({ label, text, role, x, y, font: 'DejaVu Sans Mono', size: 14, colour: '#ffffff' });
	return {
		name: 'ct-overlay',
		background: 'ct',
		width: 512,
		height: 512,
		rotation: 0,
		patient: 0,
		lines: [
			line('', CT_OVERLAY_TEXT.name, 'name', 10, 10),
			line('ID: ', CT_OVERLAY_TEXT.id, 'id', 10, 32),
			line('DOB: ', CT_OVERLAY_TEXT.birth, 'date', 10, 54),
			line('', 'W 400 L 40', 'harmless', 400, 10)
		]
	};
}

/**
 * ctOverlaySlices returns `count` Part 10 slices of one series, each with the scene's grey (red
 * channel) mapped to Hounsfield units so that the file's own window (40/400) shows it as drawn:
 * black -160 HU, white 240 HU.
 */
export function ctOverlaySlices(image: { width: number; height: number; rgba: Uint8ClampedArray }, count: number, seed = 17): Uint8Array[] {
	const pixels = new Int16Array(image.width * image.height);
	// stored = HU + 1024 (Rescale Intercept -1024, slope 1), PixelRepresentation 1
	for (let i = 0; i < pixels.length; i++) pixels[i] = Math.round(-160 + (image.rgba[4 * i] * 400) / 255) + 1024;
	return Array.from({ length: count }, (_, index) => {
		const { sopInstanceUid, elements } = ctSliceElements(index, seed, image.width, pixels);
		return writePart10File(CT_IMAGE_STORAGE, sopInstanceUid, elements);
	});
}
