/**
 * What the recogniser is given: the image in grey, scaled up so that small burned-in text is
 * tall enough for Tesseract's LSTM model, which reads text whose x-height is around 20 pixels
 * best and misses most 8–10-pixel annotation text at its original size (measured on the
 * generated corpus, tests/ocr: see the recall spec). Pure: RGBA in, grey RGBA out.
 */
import type { RenderedImage } from '$lib/dicom/render/render-frame';

/** OCR_TARGET_SIDE is the long side an image is scaled up towards (never beyond MAX_UPSCALE times). */
export const OCR_TARGET_SIDE = 1920;
/** MAX_UPSCALE bounds the factor: 3× makes 10-pixel text 30 pixels tall, and costs 9× the pixels. */
export const MAX_UPSCALE = 3;

/** upscaleFactor is the whole factor an image of this size is scaled by before OCR (1 for large photos). */
export function upscaleFactor(width: number, height: number): number {
	return Math.max(1, Math.min(MAX_UPSCALE, Math.floor(OCR_TARGET_SIDE / Math.max(width, height))));
}

/** greyUpscaled returns the image in grey (Rec. 601 luma), scaled by a whole `factor` with bilinear interpolation. */
export function greyUpscaled(image: RenderedImage, factor: number): RenderedImage {
	const { width, height, rgba } = image;
	const grey = new Float32Array(width * height);
	for (let i = 0; i < grey.length; i++) grey[i] = 0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2];
	const w = width * factor;
	const h = height * factor;
	const out = new Uint8ClampedArray(w * h * 4);
	for (let y = 0; y < h; y++) {
		// sample at pixel centres, so the scaled image stays aligned with the original's grid
		const sy = Math.min(height - 1, Math.max(0, (y + 0.5) / factor - 0.5));
		const y0 = Math.floor(sy);
		const y1 = Math.min(height - 1, y0 + 1);
		const fy = sy - y0;
		for (let x = 0; x < w; x++) {
			const sx = Math.min(width - 1, Math.max(0, (x + 0.5) / factor - 0.5));
			const x0 = Math.floor(sx);
			const x1 = Math.min(width - 1, x0 + 1);
			const fx = sx - x0;
			const top = grey[y0 * width + x0] * (1 - fx) + grey[y0 * width + x1] * fx;
			const bottom = grey[y1 * width + x0] * (1 - fx) + grey[y1 * width + x1] * fx;
			const v = top * (1 - fy) + bottom * fy;
			const o = 4 * (y * w + x);
			out[o] = out[o + 1] = out[o + 2] = v;
			out[o + 3] = 255;
		}
	}
	return { width: w, height: h, rgba: out };
}
