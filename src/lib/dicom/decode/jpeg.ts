/**
 * JPEG DCT syntaxes: Baseline (1.2.840.10008.1.2.4.50, process 1) and Extended
 * (1.2.840.10008.1.2.4.51, processes 2 and 4). 8-bit codestreams go to libjpeg-turbo (WASM);
 * 12-bit ones to Cassette's own jpeg-dct. The frame header decides, not the transfer syntax
 * label, since files in the wild mislabel one as the other.
 */
import { runDecoder } from './codecs';
import { codecSamples, checkGeometry } from './codec-samples';
import { DecodeError, asDecodeError } from './decode-error';
import type { DecodedFrame, ImageInfo } from './image-info';
import { decodeJpegDct } from './jpeg-dct';
import { fitStored, ybrFullToRgb } from './samples';

/** jpegFrameHeader finds the first SOFn marker and returns its code and sample precision. */
export function jpegFrameHeader(data: Uint8Array): { sof: number; precision: number } {
	if (data[0] !== 0xff || data[1] !== 0xd8) throw new DecodeError('corrupt', 'JPEG data does not start with SOI');
	let p = 2;
	while (p + 4 <= data.length) {
		if (data[p] !== 0xff) throw new DecodeError('corrupt', `JPEG marker expected at byte ${p}`);
		const marker = data[p + 1];
		if (marker === 0xff) {
			p++;
			continue;
		}
		const length = (data[p + 2] << 8) | data[p + 3];
		if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
			if (p + 4 >= data.length) break;
			return { sof: marker - 0xc0, precision: data[p + 4] };
		}
		if (marker === 0xda || marker === 0xd9) break;
		p += 2 + length;
	}
	throw new DecodeError('truncated', 'JPEG data has no frame header');
}

/**
 * decodeJpeg decodes a DCT JPEG frame. Colour output is RGB: the codec undoes the YCbCr transform
 * when the codestream carries one (JFIF, Adobe APP14 transform 1, or component ids other than
 * 'R','G','B'), so YBR_FULL and YBR_FULL_422 come back as RGB.
 */
export async function decodeJpeg(encoded: Uint8Array, info: ImageInfo): Promise<DecodedFrame> {
	const { sof, precision } = jpegFrameHeader(encoded);
	if (sof !== 0 && sof !== 1 && !(sof === 2 && precision === 8)) {
		throw new DecodeError('unsupported-format', `JPEG SOF${sof} is not a DCT process this syntax allows`);
	}
	const base = { rows: info.rows, columns: info.columns, samplesPerPixel: info.samplesPerPixel, signed: info.pixelRepresentation === 1, bitsStored: info.bitsStored };
	const photometricInterpretation = info.samplesPerPixel === 3 ? 'RGB' : info.photometricInterpretation;
	if (precision === 8) {
		const output = await runDecoder('libjpeg-turbo', encoded).catch((error) => {
			throw asDecodeError(error, 'JPEG baseline decoder failed');
		});
		return { ...base, photometricInterpretation, pixels: codecSamples('JPEG', output, info) };
	}
	const image = decodeJpegDct(encoded);
	checkGeometry('JPEG', image.width, image.height, image.componentIds.length, info);
	const pixels = image.componentIds.length === 3 && transformsColour(image) ? ybrFullToRgb(image.pixels, image.precision) : image.pixels;
	return { ...base, photometricInterpretation, pixels: fitStored(pixels, info) };
}

/** transformsColour applies libjpeg's rule for whether three components are YCbCr. */
function transformsColour(image: { adobeTransform?: number; jfif: boolean; componentIds: readonly number[] }): boolean {
	if (image.jfif) return true;
	if (image.adobeTransform !== undefined) return image.adobeTransform !== 0;
	const [a, b, c] = image.componentIds;
	return !(a === 0x52 && b === 0x47 && c === 0x42);
}
