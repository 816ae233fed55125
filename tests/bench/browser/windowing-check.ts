/**
 * windowingCheck: the GPU windowing (windowed-gl.ts) against the 2D canvas path it replaces, on
 * a bitmap holding every code at odd dimensions (a row or stride mistake shows), under several
 * windows, switching slices: every pixel must be the same. Run by windowed-gl.chromium.spec.ts.
 */
import type { Window } from '$lib/dicom/render/window';
import { GlWindowedSlices } from '$lib/viewer/windowed-gl';
import { WindowedSlices } from '$lib/viewer/windowed-slices';

export interface WindowingCheck {
	gl: boolean;
	pixels: number;
	mismatched: number;
	firstMismatch: string;
}

async function codesBitmap(width: number, height: number, shift: number): Promise<ImageBitmap> {
	const image = new ImageData(width, height);
	for (let i = 0; i < width * height; i++) {
		const code = (i * 37 + Math.floor(i / width) * 11 + shift) % 256;
		image.data.set([code, code, code, 255], i * 4);
	}
	return createImageBitmap(image, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
}

function pixels(source: CanvasImageSource, width: number, height: number): Uint8ClampedArray {
	const ctx = new OffscreenCanvas(width, height).getContext('2d')!;
	ctx.drawImage(source, 0, 0);
	return ctx.getImageData(0, 0, width, height).data;
}

export async function windowingCheck(): Promise<WindowingCheck> {
	const gl = GlWindowedSlices.create();
	const result: WindowingCheck = { gl: gl !== null, pixels: 0, mismatched: 0, firstMismatch: '' };
	if (!gl) return result;
	const cpu = new WindowedSlices();
	const slices = [
		{ index: 0, width: 67, height: 45, bitmap: await codesBitmap(67, 45, 0) },
		{ index: 1, width: 31, height: 70, bitmap: await codesBitmap(31, 70, 101) }
	];
	const windows: Window[] = [{ center: 40, width: 400 }, { center: -600, width: 1500 }, { center: 400, width: 1800 }, { center: 60, width: 1 }];
	for (const window of windows) {
		for (const s of [...slices, slices[0]]) {
			const a = pixels(gl.render(s.index, s.bitmap, window), s.width, s.height);
			const b = pixels(cpu.render(s.index, s.bitmap, window), s.width, s.height);
			for (let i = 0; i < a.length; i++) {
				if (i % 4 === 0) result.pixels++;
				if (a[i] !== b[i]) {
					result.mismatched++;
					result.firstMismatch ||= `slice ${s.index}, window ${window.center}/${window.width}, byte ${i}: ${a[i]} vs ${b[i]}`;
				}
			}
		}
	}
	return result;
}
