/** dicomGrid: the pixel grid (Columns × Rows) of a stored, de-identified DICOM file, read from its header only. */
import { parseDicom } from '$lib/dicom/parse';
import { T } from '$lib/dicom/tags';
import { getNumber } from '$lib/dicom/values';
import type { Size } from './rects';

/** dicomGrid returns the image's columns × rows; it throws when the header gives none (not an image). */
export function dicomGrid(bytes: ArrayBuffer): Size {
	// the header only: the pixel data is not walked
	const { dataset } = parseDicom(new Uint8Array(bytes), { stopAtPixelData: true });
	const width = getNumber(dataset, T.Columns);
	const height = getNumber(dataset, T.Rows);
	if (!width || !height) throw new Error('the DICOM file gives no image size');
	return { width, height };
}
