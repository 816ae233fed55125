/**
 * images: what the authoring pages show of a draft's stored images. Plain functions that take the
 * database: components call these and never open IndexedDB or decode DICOM themselves.
 */
import { newClientId } from '$lib/cases/types';
import { getImage, putImage, replaceImage, type DraftsDb } from '$lib/db';
import type { Window } from '$lib/dicom/render/window';
import { appPool } from '$lib/workers';
import { applyPhotoEdit } from './photo';
import type { PhotoEdit } from './photo-edit';

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

/**
 * rewindow re-renders the stored previews of these DICOM slices with `window` (null: each file's
 * own) in the app's worker pool, so what is published looks like the live preview; the
 * de-identified DICOM is not changed and not de-identified again. `onDone` counts the slices done.
 */
export async function rewindow(db: DraftsDb, imageIds: readonly string[], window: Window | null, onDone: (done: number) => void = () => {}): Promise<void> {
	for (const [i, id] of imageIds.entries()) {
		const image = await getImage(db, id);
		if (!image?.dicom) continue;
		// the worker receives a copy: the buffer is transferred
		const preview = await appPool().renderPreview(image.dicom.slice(0), window ?? undefined);
		await putImage(db, { ...image, previewType: 'image/jpeg', preview: preview.bytes });
		onDone(i + 1);
	}
}

/**
 * editPhoto crops and blacks out one photograph (an image without DICOM) and stores the
 * re-encoded result in its place, under a new client id: the old bytes are deleted from the
 * draft, and the outbox, which matches server images by client id, deletes the old image from
 * the server and uploads the new one on the next publish. It returns the new id and size, or null
 * when the image changed meanwhile. `render` is injectable for tests.
 */
export async function editPhoto(
	db: DraftsDb,
	seriesId: string,
	imageId: string,
	edit: PhotoEdit,
	render = applyPhotoEdit
): Promise<{ id: string; bytes: number } | null> {
	const image = await getImage(db, imageId);
	if (!image || image.dicom !== null || image.seriesId !== seriesId) throw new Error('not a photograph of this series');
	const photo = await render(image.preview, image.previewType, edit);
	const edited = { ...image, clientId: newClientId(), previewType: photo.type, preview: photo.bytes };
	if (!(await replaceImage(db, imageId, edited))) return null;
	return { id: edited.clientId, bytes: photo.bytes.byteLength };
}
