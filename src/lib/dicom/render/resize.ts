/** resizeToFit shrinks a rendered image so that its long side fits, by area averaging. */
import type { RenderedImage } from './render-frame';

/**
 * resizeToFit returns the image unchanged when it already fits, else a copy scaled down so the
 * long side is `maxLongSide`, each output pixel the area-weighted mean of the input pixels it
 * covers (no aliasing, unlike nearest-neighbour or bilinear sampling).
 */
export function resizeToFit(image: RenderedImage, maxLongSide = 1024): RenderedImage {
	const { width, height } = image;
	const long = Math.max(width, height);
	if (long <= maxLongSide) return image;
	const scale = maxLongSide / long;
	const outWidth = Math.max(1, Math.round(width * scale));
	const outHeight = Math.max(1, Math.round(height * scale));
	const xs = spans(width, outWidth);
	const ys = spans(height, outHeight);
	const src = image.rgba;
	const rgba = new Uint8ClampedArray(outWidth * outHeight * 4);
	// Flat typed-array spans and scalar accumulators: the same sums in the same order as the
	// straightforward loop (so the same pixels, bit for bit), without per-pixel allocation.
	for (let oy = 0; oy < outHeight; oy++) {
		for (let ox = 0; ox < outWidth; ox++) {
			let r = 0;
			let g = 0;
			let b = 0;
			let a = 0;
			let area = 0;
			for (let ySpan = ys.starts[oy]; ySpan < ys.starts[oy + 1]; ySpan++) {
				const row = ys.indices[ySpan] * width;
				const wy = ys.weights[ySpan];
				for (let xSpan = xs.starts[ox]; xSpan < xs.starts[ox + 1]; xSpan++) {
					const weight = wy * xs.weights[xSpan];
					const i = (row + xs.indices[xSpan]) * 4;
					r += src[i] * weight;
					g += src[i + 1] * weight;
					b += src[i + 2] * weight;
					a += src[i + 3] * weight;
					area += weight;
				}
			}
			const o = (oy * outWidth + ox) * 4;
			rgba[o] = Math.round(r / area);
			rgba[o + 1] = Math.round(g / area);
			rgba[o + 2] = Math.round(b / area);
			rgba[o + 3] = Math.round(a / area);
		}
	}
	return { width: outWidth, height: outHeight, rgba };
}

/** Spans lists, for output index o, the input indices `indices[starts[o] .. starts[o + 1])` it covers and their coverage (0..1]. */
interface Spans {
	readonly starts: Uint32Array;
	readonly indices: Uint32Array;
	readonly weights: Float64Array;
}

/** spans computes the Spans of a resize from inSize to outSize. */
function spans(inSize: number, outSize: number): Spans {
	const ratio = inSize / outSize;
	const starts = new Uint32Array(outSize + 1);
	const indices: number[] = [];
	const weights: number[] = [];
	for (let o = 0; o < outSize; o++) {
		const start = o * ratio;
		const end = Math.min(inSize, (o + 1) * ratio);
		for (let i = Math.floor(start); i < end; i++) {
			const cover = Math.min(end, i + 1) - Math.max(start, i);
			if (cover > 1e-9) {
				indices.push(i);
				weights.push(cover);
			}
		}
		starts[o + 1] = indices.length;
	}
	return { starts, indices: Uint32Array.from(indices), weights: Float64Array.from(weights) };
}
