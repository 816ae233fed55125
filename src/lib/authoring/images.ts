/**
 * images: what the authoring pages show of a draft's stored images. Plain functions that take the
 * database: components call these and never open IndexedDB or decode DICOM themselves.
 */
import { getImage, type DraftsDb } from '$lib/db';
import type { Window } from '$lib/dicom/render/window';
import { appPool } from '$lib/workers';

/** ShownImage is an encoded image for an <img>: its bytes and MIME type. */
export interface ShownImage {
	bytes: ArrayBuffer;
	type: string;
}

/** storedPreview returns a stored image's preview (a photograph's own bytes), or null when the image is gone. */
export async function storedPreview(db: DraftsDb, imageId: string): Promise<ShownImage | null> {
	const image = await getImage(db, imageId);
	return image ? { bytes: image.preview, type: image.previewType } : null;
}

/**
 * sliceImage returns what a slice looks like with `window`: its stored preview when no window is
 * asked for or it holds no DICOM, else a rendering of its de-identified DICOM in the app's worker
 * pool (the main thread stays free for scrolling).
 */
export async function sliceImage(db: DraftsDb, imageId: string, window: Window | null): Promise<ShownImage | null> {
	const image = await getImage(db, imageId);
	if (!image) return null;
	if (!window || !image.dicom) return { bytes: image.preview, type: image.previewType };
	// the worker receives a copy: the buffer is transferred
	const rendered = await appPool().renderPreview(image.dicom.slice(0), window, 0.92);
	return { bytes: rendered.bytes, type: rendered.type };
}
