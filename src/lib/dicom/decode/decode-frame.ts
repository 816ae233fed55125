/** decodeFrame turns one frame's encoded bytes into stored pixel values, whatever the syntax. */
import { DecodeError } from './decode-error';
import type { DecodedFrame, ImageInfo } from './image-info';
import { decodeJpeg } from './jpeg';
import { decodeJpeg2000 } from './jpeg-2000';
import { decodeJpegLossless } from './jpeg-lossless';
import { decodeJpegLs } from './jpeg-ls';
import { decodeNative } from './native';
import { decodeRle } from './rle';
import { transferSyntaxOf } from './transfer-syntaxes';

/**
 * decodeFrame decodes one frame (see DecodedFrame for the output conventions). `encoded` is
 * the frame's bytes: a native frame's slice, or an encapsulated frame's codestream. Never
 * mutates `encoded`. Throws DecodeError for unsupported syntaxes and corrupt or truncated data.
 */
export async function decodeFrame(encoded: Uint8Array, info: ImageInfo, transferSyntaxUID: string): Promise<DecodedFrame> {
	checkImageInfo(info);
	const syntax = transferSyntaxOf(transferSyntaxUID);
	if (!syntax) throw new DecodeError('unsupported-syntax', `transfer syntax ${transferSyntaxUID} has no pixel decoder`);
	switch (syntax.encoding) {
		case 'native':
			return decodeNative(encoded, info, false);
		case 'native-big-endian':
			return decodeNative(encoded, info, true);
		case 'rle':
			return decodeRle(encoded, info);
		case 'jpeg-dct':
			return decodeJpeg(encoded, info);
		case 'jpeg-lossless':
			return decodeJpegLossless(encoded, info);
		case 'jpeg-ls':
			return decodeJpegLs(encoded, info);
		case 'jpeg-2000':
			return decodeJpeg2000(encoded, info, 'openjpeg');
		case 'htj2k':
			return decodeJpeg2000(encoded, info, 'openjph');
	}
}

/** checkImageInfo rejects geometry no decoder can honour, before any allocation. */
function checkImageInfo(info: ImageInfo): void {
	const { rows, columns, samplesPerPixel, bitsAllocated, bitsStored, highBit } = info;
	const fail = (why: string) => {
		throw new DecodeError('invalid-image-info', why);
	};
	if (!(rows > 0 && columns > 0 && rows <= 65535 && columns <= 65535)) fail(`image size ${columns}×${rows} is invalid`);
	if (samplesPerPixel !== 1 && samplesPerPixel !== 3) fail(`SamplesPerPixel ${samplesPerPixel} is not 1 or 3`);
	if (![1, 8, 16, 32].includes(bitsAllocated)) fail(`BitsAllocated ${bitsAllocated} is not 1, 8, 16 or 32`);
	if (!(bitsStored >= 1 && bitsStored <= bitsAllocated)) fail(`BitsStored ${bitsStored} does not fit BitsAllocated ${bitsAllocated}`);
	if (!(highBit >= bitsStored - 1 && highBit < bitsAllocated)) fail(`HighBit ${highBit} does not fit BitsStored ${bitsStored}`);
	if (rows * columns * samplesPerPixel > 2 ** 28) fail(`a ${columns}×${rows} frame is too large to decode`);
}
