/**
 * Plain photographs (JPEG or PNG) added to a case. They are recognised by their magic bytes, not
 * their names, and always re-encoded through a canvas: the new file holds pixels only, so EXIF
 * (GPS, dates, device serials), XMP, ICC comments and PNG text chunks are gone.
 */

import { planEdit, type PhotoEdit } from './photo-edit';

/** PhotoType is the MIME type of an accepted photograph. */
export type PhotoType = 'image/jpeg' | 'image/png';

/** JPEG_MAGIC is the SOI marker followed by the first marker's 0xFF (ISO/IEC 10918-1 B.1.1.2). */
const JPEG_MAGIC = [0xff, 0xd8, 0xff];
/** PNG_MAGIC is the PNG signature (ISO/IEC 15948 §5.2). */
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** PHOTO_SNIFF_BYTES is how many leading bytes photoTypeOf needs. */
export const PHOTO_SNIFF_BYTES = PNG_MAGIC.length;

/** photoTypeOf returns the photograph type the bytes start with, or null (a renamed executable is null). */
export function photoTypeOf(head: Uint8Array): PhotoType | null {
	const starts = (magic: number[]) => head.length >= magic.length && magic.every((b, i) => head[i] === b);
	if (starts(JPEG_MAGIC)) return 'image/jpeg';
	if (starts(PNG_MAGIC)) return 'image/png';
	return null;
}

/** looksLikePhotoName is true for names a camera or a screenshot tool gives (checked by content afterwards). */
export function looksLikePhotoName(name: string): boolean {
	return /\.(jpe?g|png)$/i.test(name);
}

/** MAX_PHOTO_SIDE keeps re-encoded photographs within the server's 2 MB preview limit in practice. */
export const MAX_PHOTO_SIDE = 2048;

/** fitWithin returns the size of a `width × height` image scaled down (never up) so its long side is at most `max`. */
export function fitWithin(width: number, height: number, max: number = MAX_PHOTO_SIDE): { width: number; height: number } {
	const scale = Math.min(1, max / Math.max(width, height));
	return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** PHOTO_QUALITY is the JPEG quality of every re-encoded photograph (imported or edited). */
export const PHOTO_QUALITY = 0.9;

/** ReencodedPhoto is a photograph's pixels in a new file, with no metadata. */
export interface ReencodedPhoto {
	bytes: ArrayBuffer;
	type: PhotoType;
	width: number;
	height: number;
}

/**
 * reencodePhoto decodes a photograph (honouring its EXIF orientation, so the picture stands as
 * taken) and draws it on a fresh canvas, encoded as JPEG. Rejects when the bytes are not a
 * decodable JPEG or PNG.
 */
export async function reencodePhoto(file: Blob, quality = PHOTO_QUALITY): Promise<ReencodedPhoto> {
	const type = photoTypeOf(new Uint8Array(await file.slice(0, PHOTO_SNIFF_BYTES).arrayBuffer()));
	if (!type) throw new TypeError('not_image');
	const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
	try {
		const { width, height } = fitWithin(bitmap.width, bitmap.height);
		const canvas = new OffscreenCanvas(width, height);
		const context = canvas.getContext('2d');
		if (!context) throw new Error('OffscreenCanvas 2D context unavailable');
		context.drawImage(bitmap, 0, 0, width, height);
		const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
		return { bytes: await blob.arrayBuffer(), type: 'image/jpeg', width, height };
	} finally {
		bitmap.close();
	}
}

/**
 * applyPhotoEdit draws a stored photograph's crop on a fresh canvas, blacks out the regions on
 * it and encodes the result as a new JPEG (PHOTO_QUALITY, no metadata): the covered pixels are
 * not in the new file at all. Rejects when the bytes do not decode or the crop misses the image.
 */
export async function applyPhotoEdit(bytes: ArrayBuffer, type: PhotoType, edit: PhotoEdit): Promise<ReencodedPhoto> {
	const bitmap = await createImageBitmap(new Blob([bytes], { type }));
	try {
		const plan = planEdit({ width: bitmap.width, height: bitmap.height }, edit);
		if (!plan) throw new RangeError('crop outside the image');
		const canvas = new OffscreenCanvas(plan.width, plan.height);
		const context = canvas.getContext('2d');
		if (!context) throw new Error('OffscreenCanvas 2D context unavailable');
		// pixels copied one to one: no smoothing, so nothing bleeds across a black-out's edge
		context.imageSmoothingEnabled = false;
		const { source } = plan;
		context.drawImage(bitmap, source.x, source.y, source.width, source.height, 0, 0, source.width, source.height);
		context.fillStyle = '#000';
		for (const f of plan.fills) context.fillRect(f.x, f.y, f.width, f.height);
		const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: PHOTO_QUALITY });
		return { bytes: await blob.arrayBuffer(), type: 'image/jpeg', width: plan.width, height: plan.height };
	} finally {
		bitmap.close();
	}
}
