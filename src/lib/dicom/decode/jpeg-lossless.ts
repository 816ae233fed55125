/**
 * JPEG Lossless, processes 14 and 14 SV1 (1.2.840.10008.1.2.4.57 and .70), decoded by
 * jpeg-lossless-decoder-js (pure JavaScript, loaded on first use).
 */
import { DecodeError, asDecodeError } from './decode-error';
import { hasEndMarker } from './end-marker';
import type { DecodedFrame, ImageInfo } from './image-info';
import { jpegHeader } from './jpeg';
import { fitStored } from './samples';

/** decodeJpegLossless decodes one lossless JPEG frame; colour stays as encoded (no transform). */
export async function decodeJpegLossless(encoded: Uint8Array, info: ImageInfo): Promise<DecodedFrame> {
	const { sof, precision } = jpegHeader(encoded);
	if (sof !== 3) throw new DecodeError('unsupported-format', `JPEG SOF${sof} is not the lossless process`);
	if (precision < 2 || precision > 16) throw new DecodeError('corrupt', `JPEG lossless precision ${precision} is out of range`);
	const { Decoder } = await import('jpeg-lossless-decoder-js');
	if (!hasEndMarker(encoded)) throw new DecodeError('truncated', 'JPEG lossless data has no EOI marker');
	let decoded: Uint8Array | Uint16Array;
	// A copy that owns its buffer from offset 0 (the decoder takes an ArrayBuffer). Not `slice()`:
	// on a Node Buffer that is a view of the whole file, and the decoder read the file's first bytes.
	const copy = new Uint8Array(encoded.length);
	copy.set(encoded);
	try {
		decoded = new Decoder().decode(copy.buffer, 0, copy.length, precision > 8 ? 2 : 1);
	} catch (error) {
		throw asDecodeError(error, 'JPEG lossless decoder failed');
	}
	const count = info.rows * info.columns * info.samplesPerPixel;
	if (!decoded || decoded.length !== count) {
		throw new DecodeError('corrupt', `JPEG lossless codestream holds ${decoded?.length ?? 0} samples, the dataset needs ${count}`);
	}
	return {
		rows: info.rows,
		columns: info.columns,
		samplesPerPixel: info.samplesPerPixel,
		photometricInterpretation: info.photometricInterpretation,
		signed: info.pixelRepresentation === 1,
		bitsStored: info.bitsStored,
		pixels: fitStored(decoded, info)
	};
}
