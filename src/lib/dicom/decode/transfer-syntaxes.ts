/**
 * transfer-syntaxes maps each transfer syntax UID (PS3.6 Table A-1) to the way its pixel data is
 * decoded. Policy as data: add a syntax here, not a branch in decodeFrame.
 */

/** PixelEncoding names a family of pixel data encodings. */
export type PixelEncoding =
	| 'native'
	| 'native-big-endian'
	| 'rle'
	| 'jpeg-dct'
	| 'jpeg-lossless'
	| 'jpeg-ls'
	| 'jpeg-2000'
	| 'htj2k';

/** TransferSyntax describes one transfer syntax as far as pixels are concerned. */
export interface TransferSyntax {
	readonly name: string;
	readonly encoding: PixelEncoding;
	/** True when the decoded pixels equal the original ones exactly. */
	readonly lossless: boolean;
}

/** TRANSFER_SYNTAXES lists every syntax decodeFrame accepts. */
export const TRANSFER_SYNTAXES: Readonly<Record<string, TransferSyntax>> = {
	'1.2.840.10008.1.2': { name: 'Implicit VR Little Endian', encoding: 'native', lossless: true },
	'1.2.840.10008.1.2.1': { name: 'Explicit VR Little Endian', encoding: 'native', lossless: true },
	'1.2.840.10008.1.2.1.99': { name: 'Deflated Explicit VR Little Endian', encoding: 'native', lossless: true },
	'1.2.840.10008.1.2.2': { name: 'Explicit VR Big Endian', encoding: 'native-big-endian', lossless: true },
	'1.2.840.10008.1.2.5': { name: 'RLE Lossless', encoding: 'rle', lossless: true },
	'1.2.840.10008.1.2.4.50': { name: 'JPEG Baseline (Process 1)', encoding: 'jpeg-dct', lossless: false },
	'1.2.840.10008.1.2.4.51': { name: 'JPEG Extended (Process 2 & 4)', encoding: 'jpeg-dct', lossless: false },
	'1.2.840.10008.1.2.4.57': { name: 'JPEG Lossless, Non-Hierarchical (Process 14)', encoding: 'jpeg-lossless', lossless: true },
	'1.2.840.10008.1.2.4.70': { name: 'JPEG Lossless, First-Order Prediction (Process 14 SV1)', encoding: 'jpeg-lossless', lossless: true },
	'1.2.840.10008.1.2.4.80': { name: 'JPEG-LS Lossless', encoding: 'jpeg-ls', lossless: true },
	'1.2.840.10008.1.2.4.81': { name: 'JPEG-LS Near-Lossless', encoding: 'jpeg-ls', lossless: false },
	'1.2.840.10008.1.2.4.90': { name: 'JPEG 2000 (Lossless Only)', encoding: 'jpeg-2000', lossless: true },
	'1.2.840.10008.1.2.4.91': { name: 'JPEG 2000', encoding: 'jpeg-2000', lossless: false },
	'1.2.840.10008.1.2.4.201': { name: 'HTJ2K (Lossless Only)', encoding: 'htj2k', lossless: true },
	'1.2.840.10008.1.2.4.202': { name: 'HTJ2K with RPCL Options (Lossless Only)', encoding: 'htj2k', lossless: true },
	'1.2.840.10008.1.2.4.203': { name: 'HTJ2K', encoding: 'htj2k', lossless: false }
};

/** transferSyntaxOf returns the syntax entry of a UID, or undefined when pixels cannot be decoded. */
export function transferSyntaxOf(uid: string): TransferSyntax | undefined {
	return TRANSFER_SYNTAXES[uid.replace(/\0/g, '').trim()];
}

/** isEncapsulated says whether a syntax stores pixel data in fragments (PS3.5 §A.4). */
export function isEncapsulated(uid: string): boolean {
	const syntax = transferSyntaxOf(uid);
	return syntax !== undefined && syntax.encoding !== 'native' && syntax.encoding !== 'native-big-endian';
}
