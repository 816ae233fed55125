/** JPEG-LS lossless and near-lossless (1.2.840.10008.1.2.4.80 and .81), decoded by CharLS (WASM). */
import { runDecoder } from './codecs';
import { codecSamples } from './codec-samples';
import { DecodeError, asDecodeError } from './decode-error';
import { hasEndMarker } from './end-marker';
import type { DecodedFrame, ImageInfo } from './image-info';
import { ybrFullToRgb } from './samples';

/** decodeJpegLs decodes one JPEG-LS frame; YBR_FULL is converted to RGB, RGB stays RGB. */
export async function decodeJpegLs(encoded: Uint8Array, info: ImageInfo): Promise<DecodedFrame> {
	if (!hasEndMarker(encoded)) throw new DecodeError('truncated', 'JPEG-LS data has no EOI marker');
	// codecSamples copies the codec's output once, into the frame's own array.
	const pixels = await runDecoder('charls', encoded, (output) => codecSamples('JPEG-LS', output, info)).catch((error) => {
		throw asDecodeError(error, 'JPEG-LS decoder failed');
	});
	const ybr = info.photometricInterpretation === 'YBR_FULL';
	return {
		rows: info.rows,
		columns: info.columns,
		samplesPerPixel: info.samplesPerPixel,
		photometricInterpretation: ybr ? 'RGB' : info.photometricInterpretation,
		signed: info.pixelRepresentation === 1,
		bitsStored: info.bitsStored,
		pixels: ybr ? ybrFullToRgb(pixels, info.bitsStored) : pixels
	};
}
