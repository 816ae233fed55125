// The cornerstone codecs and jpeg-lossless-decoder-js ship no usable type declarations.
declare module '@cornerstonejs/codec-charls/decodewasmjs';
declare module '@cornerstonejs/codec-openjpeg/decodewasmjs';
declare module '@cornerstonejs/codec-openjph/wasmjs';
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs';
declare module 'jpeg-lossless-decoder-js' {
	/** Decoder decodes JPEG Lossless (processes 14 and 14 SV1) codestreams. */
	export class Decoder {
		constructor();
		numComp: number;
		/** decode returns 8-bit or 16-bit samples, components interleaved. */
		decode(buffer: ArrayBuffer, offset: number, length: number, numBytes?: number): Uint8Array | Uint16Array;
	}
}
