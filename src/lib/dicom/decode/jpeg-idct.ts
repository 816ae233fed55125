/**
 * jpeg-idct holds jpeg-dct's sample reconstruction: the 8×8 inverse DCT (T.81 §A.3.3) and
 * chroma upsampling the way libjpeg does it by default (jdsample.c).
 */

// cos((2x+1)uπ/16) · C(u)/2, the 1-D IDCT basis (T.81 §A.3.3).
const IDCT_BASIS = (() => {
	const basis = new Float64Array(64);
	for (let x = 0; x < 8; x++) {
		for (let u = 0; u < 8; u++) basis[x * 8 + u] = (u === 0 ? Math.SQRT1_2 : 1) * 0.5 * Math.cos(((2 * x + 1) * u * Math.PI) / 16);
	}
	return basis;
})();

/** idct is the separable 8×8 inverse DCT of T.81 §A.3.3, in place on `block`. */
export function idct(block: Float64Array, temp: Float64Array): void {
	for (let y = 0; y < 8; y++) {
		for (let x = 0; x < 8; x++) {
			let sum = 0;
			for (let u = 0; u < 8; u++) sum += IDCT_BASIS[x * 8 + u] * block[y * 8 + u];
			temp[y * 8 + x] = sum;
		}
	}
	for (let x = 0; x < 8; x++) {
		for (let y = 0; y < 8; y++) {
			let sum = 0;
			for (let v = 0; v < 8; v++) sum += IDCT_BASIS[y * 8 + v] * temp[v * 8 + x];
			block[y * 8 + x] = sum;
		}
	}
}

/** upsample brings a component plane to full size (libjpeg jdsample.c: h2v1/h2v2 fancy, else box). */
export function upsample(plane: Uint16Array, stride: number, dw: number, dh: number, sx: number, sy: number, width: number, height: number): Uint16Array {
	const out = new Uint16Array(width * height);
	if (sx === 1 && sy === 1) {
		for (let y = 0; y < height; y++) out.set(plane.subarray(y * stride, y * stride + width), y * width);
		return out;
	}
	if (sx === 2 && (sy === 1 || sy === 2) && dw >= 2) {
		const row = new Uint16Array(dw * 2);
		const sums = new Int32Array(dw);
		for (let y = 0; y < height; y++) {
			const inRow = Math.floor(y / sy);
			if (sy === 1) {
				for (let x = 0; x < dw; x++) sums[x] = plane[inRow * stride + x];
				fancyRow(sums, dw, row, false);
			} else {
				// The nearer neighbouring row weighs 1/4, the row itself 3/4 (edge rows repeat).
				const near = y % 2 === 0 ? Math.max(inRow - 1, 0) : Math.min(inRow + 1, dh - 1);
				for (let x = 0; x < dw; x++) sums[x] = plane[inRow * stride + x] * 3 + plane[near * stride + x];
				fancyRow(sums, dw, row, true);
			}
			out.set(row.subarray(0, width), y * width);
		}
		return out;
	}
	for (let y = 0; y < height; y++) {
		const base = Math.floor(y / sy) * stride;
		for (let x = 0; x < width; x++) out[y * width + x] = plane[base + Math.floor(x / sx)];
	}
	return out;
}

/**
 * fancyRow doubles a row with the triangle filter: each output is 3/4 of its own input and 1/4
 * of the nearer neighbour, with libjpeg's rounding biases. `columnSums` says the inputs are
 * already 3:1 vertical sums (h2v2, scale 16) rather than samples (h2v1, scale 4).
 */
function fancyRow(sums: Int32Array, dw: number, row: Uint16Array, columnSums: boolean): void {
	const shift = columnSums ? 4 : 2;
	const evenBias = columnSums ? 8 : 1;
	const oddBias = columnSums ? 7 : 2;
	const last = dw - 1;
	row[0] = columnSums ? (sums[0] * 4 + 8) >> 4 : sums[0];
	row[1] = (sums[0] * 3 + sums[1] + oddBias) >> shift;
	for (let x = 1; x < last; x++) {
		row[2 * x] = (sums[x] * 3 + sums[x - 1] + evenBias) >> shift;
		row[2 * x + 1] = (sums[x] * 3 + sums[x + 1] + oddBias) >> shift;
	}
	row[2 * last] = (sums[last] * 3 + sums[last - 1] + evenBias) >> shift;
	row[2 * last + 1] = columnSums ? (sums[last] * 4 + 7) >> 4 : sums[last];
}
