/** codec-samples turns a WASM codec's output bytes into the stored values of an ImageInfo. */
import type { CodecOutput } from './codecs';
import { DecodeError } from './decode-error';
import type { ImageInfo, PixelArray } from './image-info';
import { fitStored, interleavePlanes } from './samples';

/** checkGeometry rejects a codestream whose size or component count disagrees with the dataset. */
export function checkGeometry(what: string, width: number, height: number, components: number, info: ImageInfo): void {
	if (width !== info.columns || height !== info.rows || components !== info.samplesPerPixel) {
		throw new DecodeError(
			'corrupt',
			`${what} codestream is ${width}×${height}×${components}, the dataset says ${info.columns}×${info.rows}×${info.samplesPerPixel}`
		);
	}
}

/** codecSamples reads a codec's little-endian output (8- or 16-bit words) as stored values. */
export function codecSamples(what: string, output: CodecOutput, info: ImageInfo): PixelArray {
	const { width, height, bitsPerSample, componentCount, isSigned } = output.frameInfo;
	checkGeometry(what, width, height, componentCount, info);
	const count = width * height * componentCount;
	const bytes = output.decoded;
	const sampleBytes = bitsPerSample <= 8 ? 1 : 2;
	if (bytes.length < count * sampleBytes || bytes.byteOffset % sampleBytes !== 0) throw new DecodeError('codec-failed', `${what} returned a short buffer`);
	let values: ArrayLike<number>;
	if (bitsPerSample <= 8) {
		values = isSigned ? new Int8Array(bytes.buffer, bytes.byteOffset, count) : bytes.subarray(0, count);
	} else if (bitsPerSample <= 16) {
		values = isSigned ? new Int16Array(bytes.buffer, bytes.byteOffset, count) : new Uint16Array(bytes.buffer, bytes.byteOffset, count);
	} else {
		throw new DecodeError('unsupported-format', `${what} codestream has ${bitsPerSample}-bit samples`);
	}
	const pixels = fitStored(values, info);
	// CharLS returns the planes one after the other for interleave mode "none".
	return componentCount > 1 && output.interleaveMode === 0 ? interleavePlanes(pixels, componentCount) : pixels;
}
