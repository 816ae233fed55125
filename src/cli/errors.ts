/** errors: one clear line for any failure, never a stack trace. */
import { DicomParseError } from '../lib/dicom/parse-error';
import { DecodeError } from '../lib/dicom/decode/decode-error';

/** describeError is the message of a failure for one line of stderr or the JSON report. */
export function describeError(error: unknown): string {
	if (error instanceof DicomParseError) return `not readable as DICOM: ${error.message}`;
	if (error instanceof DecodeError) return `pixel data cannot be decoded: ${error.message}`;
	if (error instanceof Error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') return 'no such file or directory';
		if (code === 'EACCES') return 'permission denied';
		if (code === 'EISDIR') return 'is a directory';
		return error.message;
	}
	return String(error);
}
