import { describe, expect, it } from 'vitest';
import { fitWithin, looksLikePhotoName, MAX_PHOTO_SIDE, photoTypeOf } from './photo';

describe('photoTypeOf', () => {
	it('recognises JPEG and PNG by their magic bytes', () => {
		expect(photoTypeOf(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]))).toBe('image/jpeg');
		expect(photoTypeOf(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
	});

	it('refuses an executable, a DICOM preamble, a truncated header and nothing at all', () => {
		expect(photoTypeOf(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]))).toBeNull();
		expect(photoTypeOf(new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]))).toBeNull();
		expect(photoTypeOf(new Uint8Array(8))).toBeNull();
		expect(photoTypeOf(new Uint8Array([0x89, 0x50, 0x4e]))).toBeNull();
		expect(photoTypeOf(new Uint8Array())).toBeNull();
	});
});

describe('looksLikePhotoName', () => {
	it('matches camera and screenshot names whatever their case', () => {
		expect(['IMG_0001.JPG', 'scan.jpeg', 'shot.png'].map(looksLikePhotoName)).toEqual([true, true, true]);
		expect(['IM000001', 'study.dcm', 'photo.jpg.exe', 'archive.zip'].map(looksLikePhotoName)).toEqual([false, false, false, false]);
	});
});

describe('fitWithin', () => {
	it('scales a large photograph down to the long side, keeping its proportions', () => {
		expect(fitWithin(4032, 3024)).toEqual({ width: MAX_PHOTO_SIDE, height: 1536 });
		expect(fitWithin(3024, 4032, 1000)).toEqual({ width: 750, height: 1000 });
	});

	it('never enlarges, and never returns an empty side', () => {
		expect(fitWithin(640, 480)).toEqual({ width: 640, height: 480 });
		expect(fitWithin(10_000, 1, 100)).toEqual({ width: 100, height: 1 });
	});
});
