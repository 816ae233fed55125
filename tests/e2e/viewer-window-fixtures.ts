// Windowing fixtures shared by tests/e2e/phone-window.e2e.ts and the viewer benchmark: a CT-like
// phantom in Hounsfield units (air, body, liver, a hypodense lesion, lung base, vertebra, with
// Gaussian noise as a CT has), companded into images.values, and the byte sizes of each way of
// publishing a slice. The functions run in the browser (page.evaluate), so they are
// self-contained; HU_KNOTS is a copy of src/lib/viewer/hu-encoding.ts' (the page cannot import
// the app), and the e2e test fails on greys that do not match the app's decoding.
import type { Page } from '@playwright/test';

export const HU_KNOTS: [number, number][] = [
	[-1024, 0],
	[-200, 36],
	[-100, 50],
	[200, 194],
	[500, 224],
	[1500, 250],
	[3071, 255]
];

export interface PhantomArgs {
	knots: [number, number][];
	size: number;
	/** standard deviation of the noise in HU (a portal-phase abdomen CT: about 10–15) */
	noise: number;
}

/** uploadValues runs in the browser (after installPhantom): attaches the companded phantom to every image of a series as `values`, six uploads at a time. */
export async function uploadValues(args: PhantomArgs & { base: string; token: string; seriesId: string }): Promise<void> {
	const { base, token, seriesId, knots, size, noise } = args;
	const code = (hu: number) => {
		if (hu <= knots[0][0]) return knots[0][1];
		for (let k = 1; k < knots.length; k++) {
			const [h1, c1] = knots[k];
			const [h0, c0] = knots[k - 1];
			if (hu <= h1) return Math.round(c0 + ((hu - h0) * (c1 - c0)) / (h1 - h0));
		}
		return 255;
	};
	const res = await fetch(`${base}/api/collections/images/records?perPage=1000&sort=index&fields=id,index&filter=${encodeURIComponent(`series="${seriesId}"`)}`, { headers: { authorization: token } });
	const { items } = (await res.json()) as { items: { id: string; index: number }[] };
	const values = async (index: number): Promise<Blob> => {
		const canvas = new OffscreenCanvas(size, size);
		const image = new ImageData(size, size);
		const hu = (globalThis as unknown as PhantomGlobal).phantomHu(size, index / Math.max(1, items.length - 1), noise);
		for (let i = 0; i < hu.length; i++) {
			const c = code(hu[i]);
			image.data[i * 4] = image.data[i * 4 + 1] = image.data[i * 4 + 2] = c;
			image.data[i * 4 + 3] = 255;
		}
		canvas.getContext('2d')!.putImageData(image, 0, 0);
		return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 });
	};
	let next = 0;
	const worker = async () => {
		for (let n = next++; n < items.length; n = next++) {
			const form = new FormData();
			form.set('values', await values(items[n].index), 'values.jpg');
			const put = await fetch(`${base}/api/collections/images/records/${items[n].id}`, { method: 'PATCH', headers: { authorization: token }, body: form });
			if (!put.ok) throw new Error(`values upload failed: ${put.status} ${await put.text()}`);
		}
	};
	await Promise.all(Array.from({ length: 6 }, worker));
}

/** phantomHu draws one slice (z from 0 at the top to 1 at the bottom) in HU; installPhantom puts it in a page. */
export function phantomHu(n: number, z: number, sigma: number): Float32Array {
	const out = new Float32Array(n * n);
	const c = n / 2;
	const liver = Math.max(0, Math.sin(Math.PI * z)) * n * 0.18 + 1;
	const lesion = z > 0.35 && z < 0.65 ? Math.sin(((z - 0.35) / 0.3) * Math.PI) * n * 0.05 + 1 : 0;
	for (let y = 0; y < n; y++) {
		for (let x = 0; x < n; x++) {
			const inside = (dx: number, dy: number, rx: number, ry: number) => (dx * dx) / (rx * rx) + (dy * dy) / (ry * ry) <= 1;
			let v = -1000;
			if (inside(x - c, y - c, n * 0.42, n * 0.32)) {
				v = 40;
				if (inside(x - c - n * 0.18, y - c + n * 0.12, n * 0.1, n * 0.06)) v = -800;
				if (inside(x - c + n * 0.15, y - c + n * 0.05, liver, liver * 0.8)) v = 60;
				if (lesion && inside(x - c + n * 0.18, y - c + n * 0.06, lesion, lesion)) v = 15;
				if (inside(x - c, y - c - n * 0.2, n * 0.05, n * 0.05)) v = 700;
			}
			// Box–Muller: CT noise is close to Gaussian
			const g = Math.sqrt(-2 * Math.log(Math.random() || 1e-9)) * Math.cos(2 * Math.PI * Math.random());
			out[y * n + x] = v + (v > -1000 ? g * sigma : g * sigma * 0.3);
		}
	}
	return out;
}

/** installPhantom defines phantomHu in a page, for the functions below that run there. */
export async function installPhantom(page: Page): Promise<void> {
	await page.evaluate(`globalThis.__name = (f) => f; globalThis.phantomHu = ${phantomHu.toString()}`);
}

type PhantomGlobal = { phantomHu: typeof phantomHu };

/** SliceBytes are the mean bytes per slice of each way of publishing it. */
export interface SliceBytes {
	previewJpeg: number;
	valuesJpeg: number;
	png16: number;
}

/**
 * encodedSizes runs in the browser (after installPhantom): encodes slices of the phantom as the
 * app's preview (soft-tissue window, JPEG 0.85, as src/lib/workers/process-instance.ts), as
 * companded values (JPEG 0.95) and losslessly as 16 bits split into two 8-bit PNG channels.
 */
export async function encodedSizes(args: PhantomArgs & { slices: number }): Promise<SliceBytes> {
	const { knots, size, noise, slices } = args;
	const { phantomHu: draw } = globalThis as unknown as PhantomGlobal;
	const code = (hu: number) => {
		if (hu <= knots[0][0]) return knots[0][1];
		for (let k = 1; k < knots.length; k++) {
			const [h1, c1] = knots[k];
			const [h0, c0] = knots[k - 1];
			if (hu <= h1) return Math.round(c0 + ((hu - h0) * (c1 - c0)) / (h1 - h0));
		}
		return 255;
	};
	const encode = async (fill: (hu: number, px: Uint8ClampedArray, i: number) => void, hu: Float32Array, type: string, quality?: number) => {
		const image = new ImageData(size, size);
		for (let i = 0; i < hu.length; i++) fill(hu[i], image.data, i * 4);
		const canvas = new OffscreenCanvas(size, size);
		canvas.getContext('2d')!.putImageData(image, 0, 0);
		return (await canvas.convertToBlob({ type, quality })).size;
	};
	const grey = (px: Uint8ClampedArray, i: number, g: number) => ((px[i] = px[i + 1] = px[i + 2] = g), (px[i + 3] = 255));
	const totals = { previewJpeg: 0, valuesJpeg: 0, png16: 0 };
	for (let s = 0; s < slices; s++) {
		const hu = draw(size, s / Math.max(1, slices - 1), noise);
		totals.previewJpeg += await encode((v, px, i) => grey(px, i, Math.max(0, Math.min(255, Math.round(((v - 40) / 400 + 0.5) * 255)))), hu, 'image/jpeg', 0.85);
		totals.valuesJpeg += await encode((v, px, i) => grey(px, i, code(v)), hu, 'image/jpeg', 0.95);
		totals.png16 += await encode((v, px, i) => {
			const stored = Math.max(0, Math.min(65535, Math.round(v) + 1024));
			px[i] = stored >> 8;
			px[i + 1] = stored & 255;
			px[i + 2] = 0;
			px[i + 3] = 255;
		}, hu, 'image/png');
	}
	return { previewJpeg: totals.previewJpeg / slices, valuesJpeg: totals.valuesJpeg / slices, png16: totals.png16 / slices };
}
