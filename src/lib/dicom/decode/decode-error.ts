/** DecodeErrorCode names why a frame could not be decoded. */
export type DecodeErrorCode =
	| 'unsupported-syntax'
	| 'unsupported-format'
	| 'invalid-image-info'
	| 'truncated'
	| 'corrupt'
	| 'codec-failed'
	| 'frame-out-of-range'
	| 'no-pixel-data';

/** DecodeError is the one error the codec layer throws: a code plus a readable message. */
export class DecodeError extends Error {
	readonly code: DecodeErrorCode;

	constructor(code: DecodeErrorCode, message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'DecodeError';
		this.code = code;
	}
}

/** asDecodeError keeps a DecodeError as is and wraps anything else thrown by a codec. */
export function asDecodeError(error: unknown, what: string): DecodeError {
	if (error instanceof DecodeError) return error;
	const detail = error instanceof Error ? error.message : String(error);
	return new DecodeError('codec-failed', `${what}: ${detail}`, { cause: error });
}
