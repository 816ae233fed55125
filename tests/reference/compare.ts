/** test-compare measures decoded frames against a reference dump (tests only). */
import type { ReferenceInfo } from './reference';
import type { DecodedFrame } from '../../src/lib/dicom/decode/image-info';

/** compareToReference returns mismatch count, largest absolute error and PSNR over all frames. */
export function compareToReference(frames: DecodedFrame[], reference: Float64Array, meta: ReferenceInfo) {
	const total = frames.reduce((n, f) => n + f.pixels.length, 0);
	if (total !== reference.length) throw new Error(`decoded ${total} samples, reference has ${reference.length}`);
	const refPhotometric = meta.reference!.photometric.replace(/^YBR_(RCT|ICT)$/, 'RGB');
	for (const f of frames) {
		if (f.photometricInterpretation !== refPhotometric) throw new Error(`photometric ${f.photometricInterpretation}, reference ${refPhotometric}`);
	}
	let mismatches = 0;
	let firstMismatch = -1;
	let maxAbsError = 0;
	let squared = 0;
	let i = 0;
	for (const frame of frames) {
		for (const value of frame.pixels) {
			const diff = Math.abs(value - reference[i]);
			if (diff !== 0) {
				if (firstMismatch < 0) firstMismatch = i;
				mismatches++;
				squared += diff * diff;
				if (diff > maxAbsError) maxAbsError = diff;
			}
			i++;
		}
	}
	const peak = 2 ** frames[0].bitsStored - 1;
	const mse = squared / total;
	const psnr = mse === 0 ? Infinity : 10 * Math.log10((peak * peak) / mse);
	return { mismatches, firstMismatch, maxAbsError, psnr };
}
