/**
 * JPEG 2000 (1.2.840.10008.1.2.4.90/.91) through OpenJPEG and High-Throughput JPEG 2000
 * (1.2.840.10008.1.2.4.201/.202/.203) through OpenJPH, both WASM.
 */
import { runDecoder, type CodecName } from './codecs';
import { codecSamples } from './codec-samples';
import { DecodeError, asDecodeError } from './decode-error';
import { hasEndMarker } from './end-marker';
import { readSiz } from './jpeg-2000-siz';
import type { DecodedFrame, ImageInfo } from './image-info';
import { ybrFullToRgb } from './samples';

/**
 * decodeJpeg2000 decodes one frame. The codec inverts the multiple component transform, so
 * YBR_RCT and YBR_ICT come back as RGB (PS3.5 §8.2.4); YBR_FULL (no MCT) is converted here.
 */
export async function decodeJpeg2000(encoded: Uint8Array, info: ImageInfo, codec: Extract<CodecName, 'openjpeg' | 'openjph'>): Promise<DecodedFrame> {
	if (encoded.length < 2 || !(isCodestream(encoded) || isJp2(encoded))) {
		throw new DecodeError('corrupt', 'JPEG 2000 data starts with neither SOC nor a JP2 signature');
	}
	if (!hasEndMarker(encoded)) throw new DecodeError('truncated', 'JPEG 2000 codestream has no EOC marker');
	const siz = readSiz(encoded);
	if (siz && (siz.width !== info.columns || siz.height !== info.rows || siz.components !== info.samplesPerPixel)) {
		const size = siz.width >= 0 && siz.height >= 0 ? `${siz.width}×${siz.height}×${siz.components}` : 'an impossible size';
		const why = siz.delimiter ? ': it holds a DICOM delimiter tag (FFFE,E0xx), so the fragment was damaged when written' : '';
		throw new DecodeError('corrupt', `JPEG 2000 codestream is damaged: its SIZ marker declares ${size}, the dataset says ${info.columns}×${info.rows}×${info.samplesPerPixel}${why}`);
	}
	// codecSamples copies the codec's output once, into the frame's own array.
	const pixels = await runDecoder(codec, encoded, (output) => codecSamples('JPEG 2000', output, info)).catch((error) => {
		throw asDecodeError(error, 'JPEG 2000 decoder failed');
	});
	const photometric = info.photometricInterpretation;
	const ybrFull = photometric === 'YBR_FULL';
	return {
		rows: info.rows,
		columns: info.columns,
		samplesPerPixel: info.samplesPerPixel,
		photometricInterpretation: photometric.startsWith('YBR_') ? 'RGB' : photometric,
		signed: info.pixelRepresentation === 1,
		bitsStored: info.bitsStored,
		pixels: ybrFull ? ybrFullToRgb(pixels, info.bitsStored) : pixels
	};
}

function isCodestream(data: Uint8Array): boolean {
	return data[0] === 0xff && data[1] === 0x4f;
}

function isJp2(data: Uint8Array): boolean {
	return data.length >= 12 && data[4] === 0x6a && data[5] === 0x50 && data[6] === 0x20 && data[7] === 0x20;
}
