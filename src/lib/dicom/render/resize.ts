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
	const xSpans = spans(width, outWidth);
	const ySpans = spans(height, outHeight);
	const rgba = new Uint8ClampedArray(outWidth * outHeight * 4);
	const acc = new Float64Array(4);
	for (let oy = 0; oy < outHeight; oy++) {
		for (let ox = 0; ox < outWidth; ox++) {
			acc.fill(0);
			let area = 0;
			for (const [y, wy] of ySpans[oy]) {
				for (const [x, wx] of xSpans[ox]) {
					const weight = wy * wx;
					const i = (y * width + x) * 4;
					acc[0] += image.rgba[i] * weight;
					acc[1] += image.rgba[i + 1] * weight;
					acc[2] += image.rgba[i + 2] * weight;
					acc[3] += image.rgba[i + 3] * weight;
					area += weight;
				}
			}
			const o = (oy * outWidth + ox) * 4;
			for (let c = 0; c < 4; c++) rgba[o + c] = Math.round(acc[c] / area);
		}
	}
	return { width: outWidth, height: outHeight, rgba };
}

/** spans lists, for each output index, the input indices it covers and their coverage (0..1]. */
function spans(inSize: number, outSize: number): [number, number][][] {
	const ratio = inSize / outSize;
	return Array.from({ length: outSize }, (_, o) => {
		const start = o * ratio;
		const end = Math.min(inSize, (o + 1) * ratio);
		const list: [number, number][] = [];
		for (let i = Math.floor(start); i < end; i++) {
			const cover = Math.min(end, i + 1) - Math.max(start, i);
			if (cover > 1e-9) list.push([i, cover]);
		}
		return list;
	});
}
