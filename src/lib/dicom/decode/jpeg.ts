/**
 * JPEG DCT syntaxes: Baseline (1.2.840.10008.1.2.4.50, process 1) and Extended
 * (1.2.840.10008.1.2.4.51, processes 2 and 4). 8-bit codestreams go to libjpeg-turbo (WASM);
 * 12-bit ones to Cassette's own jpeg-dct. The frame header decides, not the transfer syntax
 * label, since files in the wild mislabel one as the other.
 */
import { runDecoder } from './codecs';
import { codecSamples, checkGeometry } from './codec-samples';
import { DecodeError, asDecodeError } from './decode-error';
import { hasEndMarker } from './end-marker';
import type { DecodedFrame, ImageInfo } from './image-info';
import { decodeJpegDct } from './jpeg-dct';
import { fitStored, ybrFullToRgb } from './samples';

/** JpegHeader is what the marker segments before the first scan say about a codestream. */
export interface JpegHeader {
	readonly sof: number;
	readonly precision: number;
	readonly componentIds: readonly number[];
	readonly jfif: boolean;
	/** Adobe APP14 transform flag (0 none, 1 YCbCr, 2 YCCK), when a complete APP14 is present. */
	readonly adobeTransform?: number;
}

/** jpegHeader reads the marker segments up to the first scan (T.81 §B.2). */
export function jpegHeader(data: Uint8Array): JpegHeader {
	if (data[0] !== 0xff || data[1] !== 0xd8) throw new DecodeError('corrupt', 'JPEG data does not start with SOI');
	let p = 2;
	let jfif = false;
	let adobeTransform: number | undefined;
	while (p + 4 <= data.length) {
		if (data[p] !== 0xff) throw new DecodeError('corrupt', `JPEG marker expected at byte ${p}`);
		const marker = data[p + 1];
		if (marker === 0xff) {
			p++;
			continue;
		}
		const length = (data[p + 2] << 8) | data[p + 3];
		const body = data.subarray(p + 4, Math.min(data.length, p + 2 + length));
		if (marker === 0xe0 && body.length >= 5 && ascii(body, 4) === 'JFIF') jfif = true;
		if (marker === 0xee && body.length >= 12 && ascii(body, 5) === 'Adobe') adobeTransform = body[11];
		if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
			if (body.length < 6) break;
			const ids = Array.from({ length: body[5] }, (_, i) => body[6 + i * 3]);
			return { sof: marker - 0xc0, precision: body[0], componentIds: ids, jfif, adobeTransform };
		}
		if (marker === 0xda || marker === 0xd9) break;
		p += 2 + length;
	}
	throw new DecodeError('truncated', 'JPEG data has no frame header');
}

function ascii(bytes: Uint8Array, length: number): string {
	return String.fromCharCode(...bytes.subarray(0, length));
}

/** libjpegConverts is libjpeg's guess (jdapimin.c) of whether three components are YCbCr. */
function libjpegConverts(header: JpegHeader): boolean {
	if (header.jfif) return true;
	if (header.adobeTransform !== undefined) return header.adobeTransform !== 0;
	const [a, b, c] = header.componentIds;
	return !(a === 0x52 && b === 0x47 && c === 0x42);
}

/**
 * dicomConverts decides whether three components are YCbCr the way gdcm and dcmtk do: the
 * Photometric Interpretation rules (PS3.5 §8.2.1), unless the codestream says otherwise
 * explicitly (JFIF, or Adobe APP14).
 */
function dicomConverts(header: JpegHeader, photometric: string): boolean {
	if (photometric.startsWith('YBR')) return header.adobeTransform !== 0;
	return header.jfif || header.adobeTransform === 1;
}

/**
 * decodeJpeg decodes a DCT JPEG frame. Colour output is RGB: YCbCr is converted when the
 * Photometric Interpretation is YBR_* (unless APP14 says no transform) or when an RGB-labelled
 * codestream says it is YCbCr (JFIF, APP14 transform 1), as gdcm and dcmtk decide.
 */
export async function decodeJpeg(encoded: Uint8Array, info: ImageInfo): Promise<DecodedFrame> {
	const header = jpegHeader(encoded);
	const { sof, precision } = header;
	if (sof !== 0 && sof !== 1 && !(sof === 2 && precision === 8)) {
		throw new DecodeError('unsupported-format', `JPEG SOF${sof} is not a DCT process this syntax allows`);
	}
	if (!hasEndMarker(encoded)) throw new DecodeError('truncated', 'JPEG data has no EOI marker');
	const base = { rows: info.rows, columns: info.columns, samplesPerPixel: info.samplesPerPixel, signed: info.pixelRepresentation === 1, bitsStored: info.bitsStored };
	const colour = header.componentIds.length === 3;
	const photometricInterpretation = colour ? 'RGB' : info.photometricInterpretation;
	const convert = colour && dicomConverts(header, info.photometricInterpretation);
	// libjpeg-turbo cannot be told to skip or force the colour transform: when its guess differs
	// from the DICOM rule, jpeg-dct decodes instead.
	if (precision === 8 && (!colour || libjpegConverts(header) === convert)) {
		const pixels = await runDecoder('libjpeg-turbo', encoded, (output) => codecSamples('JPEG', output, info)).catch((error) => {
			throw asDecodeError(error, 'JPEG baseline decoder failed');
		});
		return { ...base, photometricInterpretation, pixels };
	}
	const image = decodeJpegDct(encoded);
	checkGeometry('JPEG', image.width, image.height, image.componentIds.length, info);
	const pixels = convert ? ybrFullToRgb(image.pixels, image.precision) : image.pixels;
	return { ...base, photometricInterpretation, pixels: fitStored(pixels, info) };
}
