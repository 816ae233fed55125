/** dicomGrid: the pixel grid (Columns × Rows) and frame count of a stored, de-identified DICOM file, read from its header only. */
import { parseDicom } from '$lib/dicom/parse';
import { T } from '$lib/dicom/tags';
import { getNumber } from '$lib/dicom/values';
import type { Size } from './rects';

/** dicomGrid returns the image's columns × rows; it throws when the header gives none (not an image). */
export function dicomGrid(bytes: ArrayBuffer): Size {
	return dicomImage(bytes).grid;
}

/** dicomImage returns the image's grid and its number of frames (1 when Number of Frames is absent). */
export function dicomImage(bytes: ArrayBuffer): { grid: Size; frames: number } {
	// the header only: the pixel data is not walked
	const { dataset } = parseDicom(new Uint8Array(bytes), { stopAtPixelData: true });
	const width = getNumber(dataset, T.Columns);
	const height = getNumber(dataset, T.Rows);
	if (!width || !height) throw new Error('the DICOM file gives no image size');
	return { grid: { width, height }, frames: Math.max(1, Math.trunc(getNumber(dataset, T.NumberOfFrames) ?? 1)) };
}
