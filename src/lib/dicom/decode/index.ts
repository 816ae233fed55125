/** The codec layer's public API: decode any frame of any supported transfer syntax. */
export { decodeFrame } from './decode-frame';
export { DecodeError, type DecodeErrorCode } from './decode-error';
export { encodedFrame, frameCount, imageInfoOf } from './frames';
export type { DecodedFrame, ImageInfo, LookupTable, PaletteLut, PaletteLuts, PixelArray } from './image-info';
export { TRANSFER_SYNTAXES, isEncapsulated, transferSyntaxOf, type PixelEncoding, type TransferSyntax } from './transfer-syntaxes';
