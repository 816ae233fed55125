import { describe, expect, it } from 'vitest';
import type { DraftImage } from './types';
import { imageFiles } from './outgoing';

// A JPEG with an APP1 (Exif) segment carrying text: what leaves the device must not carry it.
const jpegWithExif = (): ArrayBuffer => {
	const exif = [...new TextEncoder().encode('Exif\0\0Patient^Name')];
	const app1 = [0xff, 0xe1, 0, exif.length + 2, ...exif];
	return new Uint8Array([0xff, 0xd8, ...app1, 0xff, 0xda, 0, 2, 1, 2, 3, 0xff, 0xd9]).buffer;
};
const image = (extra: Partial<DraftImage> = {}): DraftImage => ({ clientId: 'img1', caseId: 'c', seriesId: 's', index: 3, previewType: 'image/jpeg', preview: jpegWithExif(), dicom: new Uint8Array([1, 2]).buffer, ...extra });

describe('imageFiles values', () => {
	it("sends a CT slice's values as the image record's values file, stripped of metadata like its preview", () => {
		const files = imageFiles(image({ values: jpegWithExif() }), false);
		expect(files.map((f) => [f.field, f.where, f.type, f.dicom])).toEqual([
			['preview', 'image 3 preview', 'image/jpeg', false],
			['values', 'image 3 values', 'image/jpeg', false]
		]);
		const values = files[1];
		expect(values.name).toBe('img1-values.jpg');
		expect(new TextDecoder().decode(values.bytes)).not.toContain('Patient^Name');
		expect(values.bytes.length).toBeLessThan(new Uint8Array(jpegWithExif()).length);
	});

	it('sends no values file for an image without them, and names the DICOM field', () => {
		expect(imageFiles(image(), true).map((f) => f.field)).toEqual(['preview', 'dicom']);
	});
});
