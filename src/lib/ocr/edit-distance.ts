/**
 * ocrDistance: Levenshtein distance between what OCR read and what it should have read, where
 * the usual OCR confusions between a digit and a letter cost nothing ("1923" read as "l923",
 * "0O4" as "004"): Tesseract's LSTM model mixes them up on small, low-contrast burned-in text
 * (measured on the generated corpus, tests/ocr). Both strings are expected folded: lower case,
 * accents stripped.
 */

/** DIGIT_LOOKALIKES maps each digit to the lower-case letters OCR reads in its place. */
const DIGIT_LOOKALIKES: Readonly<Record<string, string>> = {
	'0': 'oqd',
	'1': 'lij|!',
	'2': 'z',
	'4': 'a',
	'5': 's',
	'6': 'gb',
	'7': 't',
	'8': 'b',
	'9': 'gq'
};

function substitutionCost(expected: string, read: string): number {
	if (expected === read) return 0;
	if (DIGIT_LOOKALIKES[expected]?.includes(read) || DIGIT_LOOKALIKES[read]?.includes(expected)) return 0;
	return 1;
}

/** ocrDistance returns the edit distance from `expected` to `read`, stopping early (returning max + 1) once it exceeds `max`. */
export function ocrDistance(expected: string, read: string, max = Infinity): number {
	if (Math.abs(expected.length - read.length) > max) return max + 1;
	let previous = Array.from({ length: read.length + 1 }, (_, j) => j);
	for (let i = 1; i <= expected.length; i++) {
		const current = [i];
		let best = i;
		for (let j = 1; j <= read.length; j++) {
			const value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + substitutionCost(expected[i - 1], read[j - 1]));
			current.push(value);
			if (value < best) best = value;
		}
		if (best > max) return max + 1;
		previous = current;
	}
	return previous[read.length];
}

/**
 * toleranceOf is how many edits a needle of this form may take and still match: none below 4
 * characters (too many short words look alike), one up to 7, two from 8. Digits-only needles
 * (IDs, dates) get one from 6: their look-alike letters are free already.
 */
export function toleranceOf(needle: string): number {
	if (/^\d+$/.test(needle)) return needle.length >= 6 ? 1 : 0;
	if (needle.length < 4) return 0;
	return needle.length < 8 ? 1 : 2;
}
