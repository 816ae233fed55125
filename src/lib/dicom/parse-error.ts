/** DicomParseErrorCode is the stable reason a parse failed; the UI translates by code. */
export type DicomParseErrorCode =
	| 'not-dicom'
	| 'truncated'
	| 'bad-length'
	| 'too-deep'
	| 'bad-vr'
	| 'bad-item'
	| 'bad-deflate'
	| 'too-large';

/** DicomParseError is the only error `parseDicom` throws for bad input. */
export class DicomParseError extends Error {
	readonly code: DicomParseErrorCode;
	/** offset is where in the bytes the problem was found. */
	readonly offset: number;

	constructor(code: DicomParseErrorCode, message: string, offset: number) {
		super(`${message} (at byte ${offset})`);
		this.name = 'DicomParseError';
		this.code = code;
		this.offset = offset;
	}
}
