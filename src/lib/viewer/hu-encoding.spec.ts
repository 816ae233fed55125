import { describe, expect, it } from 'vitest';
import { WINDOW_PRESETS, windowFunction } from '$lib/dicom/render/window';
import { applyWindow, codeToHu, codesOf, dragWindow, encodeHu, encodeStoredHu, HU_KNOTS, huToCode, windowTable } from './hu-encoding';

describe('companded HU codes', () => {
	it('is monotonic and round-trips within half a code step of each range', () => {
		let last = -1;
		for (let hu = -1100; hu <= 3100; hu++) {
			const code = huToCode(hu);
			expect(code).toBeGreaterThanOrEqual(last);
			last = code;
		}
		for (let k = 1; k < HU_KNOTS.length; k++) {
			const [h0, c0] = HU_KNOTS[k - 1];
			const [h1, c1] = HU_KNOTS[k];
			const step = (h1 - h0) / (c1 - c0);
			for (let hu = h0; hu <= h1; hu += 3) expect(Math.abs(codeToHu(huToCode(hu)) - hu)).toBeLessThanOrEqual(step / 2 + 1e-9);
		}
	});

	it('spends about 2 HU per code on soft tissue, where the narrow windows are', () => {
		const soft = (200 - -100) / (194 - 50);
		expect(soft).toBeLessThan(2.1);
		// a liver window (150 HU wide) spans 70+ codes, a brain window (80 HU) 38
		expect(huToCode(105) - huToCode(-45)).toBeGreaterThanOrEqual(70);
		expect(huToCode(80) - huToCode(0)).toBeGreaterThanOrEqual(38);
	});

	it('encodes grey RGBA and reads the codes back', () => {
		const hu = [-1000, -500, 0, 40, 1000];
		const { rgba } = encodeHu(hu, 5, 1);
		expect(Array.from(rgba.slice(8, 12))).toEqual([huToCode(0), huToCode(0), huToCode(0), 255]);
		expect(Array.from(codesOf(rgba))).toEqual(hu.map(huToCode));
	});
});

describe('windowing codes', () => {
	const grey = (word: number) => word & 0xff;

	it('shows each code as the window function shows its HU', () => {
		const table = windowTable(WINDOW_PRESETS.softTissue);
		const f = windowFunction(WINDOW_PRESETS.softTissue);
		for (const hu of [-300, -160, 0, 40, 100, 240, 400]) {
			const code = huToCode(hu);
			expect(Math.abs(grey(table[code]) - f(codeToHu(code)) * 255)).toBeLessThanOrEqual(0.5);
			expect(table[code] >>> 24).toBe(0xff);
		}
	});

	it('gives a lung and a bone reading of the same codes different pixels', () => {
		const codes = Uint8Array.from([-900, -600, 0, 300, 1200].map(huToCode));
		const lung = new Uint32Array(codes.length);
		const bone = new Uint32Array(codes.length);
		applyWindow(codes, windowTable(WINDOW_PRESETS.lung), lung);
		applyWindow(codes, windowTable(WINDOW_PRESETS.bone), bone);
		// lung tissue is mid-grey in the lung window and black in the bone window
		expect(grey(lung[1])).toBeGreaterThan(100);
		expect(grey(bone[1])).toBeLessThan(20);
		// cortical bone is white in both, soft tissue white in lung but mid-grey in bone
		expect(grey(bone[4])).toBeGreaterThan(grey(bone[2]));
		expect(grey(lung[2])).toBeGreaterThan(grey(bone[2]));
	});

	it('widens to the right and raises the level downwards, never to a width below 1', () => {
		const start = { center: 40, width: 400 };
		expect(dragWindow(start, 100, 0).width).toBeGreaterThan(400);
		expect(dragWindow(start, -100, 0).width).toBeLessThan(400);
		expect(dragWindow(start, 0, 50).center).toBeGreaterThan(40);
		expect(dragWindow(start, -10_000, 0).width).toBe(1);
	});
});

describe('encodeStoredHu', () => {
	// A reproducible spread of stored values, over the whole HU range and beyond both its ends.
	function samples<T extends Int16Array | Uint16Array | Uint8Array | Int32Array | Float32Array>(array: T, low: number, high: number): T {
		let seed = 7;
		for (let i = 0; i < array.length; i++) {
			seed = (seed * 1103515245 + 12345) % 2 ** 31;
			array[i] = low + (seed % (high - low + 1));
		}
		return array;
	}
	const byValue = (stored: ArrayLike<number>, toHu: (v: number) => number, width: number, height: number) =>
		encodeHu(Float32Array.from(stored, (v) => toHu(v)), width, height);

	it.each([
		['signed 16-bit, slope 1', samples(new Int16Array(64 * 48), -2048, 3500), (v: number) => v],
		['unsigned 16-bit, fractional rescale', samples(new Uint16Array(64 * 48), 0, 4095), (v: number) => v * 0.7 - 1024.3],
		['8-bit', samples(new Uint8Array(64 * 48), 0, 255), (v: number) => v * 16 - 1024],
		['a Modality LUT', samples(new Uint16Array(64 * 48), 0, 999), (v: number) => Math.round(Math.sqrt(v) * 100) - 1000],
		['32-bit beyond the table', samples(new Int32Array(64 * 48), -300_000, 300_000), (v: number) => v / 100],
		['float samples', Float32Array.from(samples(new Int16Array(64 * 48), -1100, 3100), (v) => v + 0.25), (v: number) => v]
	])('gives the bytes encodeHu gives HU computed pixel by pixel (%s)', (_, stored, toHu) => {
		const fast = encodeStoredHu(stored, toHu, 64, 48);
		const slow = byValue(stored, toHu, 64, 48);
		expect(fast.width).toBe(64);
		expect(fast.height).toBe(48);
		expect(Buffer.from(fast.rgba).equals(Buffer.from(slow.rgba))).toBe(true);
	});
});
