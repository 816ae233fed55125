/** Test data of the sample OCR specs: a stored CT slice's header and a draft series. */
import type { DraftSeries } from '$lib/cases/types';
import { writePart10File } from '../../../tests/fixtures/ct/part10';

/** ctHeader is a stored slice's DICOM as far as the review needs it: its grid (no pixels are read). */
export function ctHeader(columns: number, rows: number, sop = '2.25.1', frames = 1): ArrayBuffer {
	const bytes = writePart10File('1.2.840.10008.5.1.4.1.1.2', sop, [
		{ tag: 0x00080060, vr: 'CS', value: 'CT' },
		...(frames > 1 ? [{ tag: 0x00280008, vr: 'IS' as const, value: String(frames) }] : []),
		{ tag: 0x00280010, vr: 'US', value: rows },
		{ tag: 0x00280011, vr: 'US', value: columns }
	]);
	return bytes.slice().buffer as ArrayBuffer;
}

export const SERIES: DraftSeries = { clientId: 's1', caseId: 'c1', plane: 'axial', description: '', modality: 'CT', windowCenter: null, windowWidth: null, sliceRange: null, order: 0, headerImage: null, publish: true };
