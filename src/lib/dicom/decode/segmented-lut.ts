/**
 * expandSegmentedLut expands Segmented Palette Color Lookup Table Data (PS3.3 C.7.9.2): a run of
 * segments, each an opcode and a length — 0 discrete (the next `length` values), 1 linear
 * (`length` values ramping from the previous value to the next word), 2 indirect (repeat
 * `length` segments found at a 32-bit word offset, low word first). Rounding and the indirect
 * offset follow pydicom (round half to even; offset counted in words of the segment data).
 */
import { DecodeError } from './decode-error';

/** MAX_ENTRIES bounds the expansion: a LUT never has more than 65536 entries (C.7.6.3.1.5). */
const MAX_ENTRIES = 65536;

/** expandSegmentedLut returns the expanded table; throws DecodeError('corrupt') for bad data. */
export function expandSegmentedLut(words: ArrayLike<number>): Uint16Array {
	const out: number[] = [];
	expand(words, 0, Infinity, out, 0);
	return Uint16Array.from(out);
}

function expand(words: ArrayLike<number>, start: number, maxSegments: number, out: number[], depth: number): void {
	if (depth > 8) throw new DecodeError('corrupt', 'segmented LUT indirections nest too deeply');
	let at = start;
	for (let segments = 0; segments < maxSegments && at + 1 < words.length; segments++) {
		const opcode = words[at];
		const length = words[at + 1];
		at += 2;
		if (opcode === 0) {
			for (let i = 0; i < length && at < words.length; i++) out.push(words[at++]);
		} else if (opcode === 1) {
			if (out.length === 0) throw new DecodeError('corrupt', 'a segmented LUT cannot start with a linear segment');
			const y0 = out[out.length - 1];
			const y1 = words[at++];
			for (let i = 1; i <= length; i++) out.push(roundHalfEven(y0 + ((y1 - y0) * i) / length));
		} else if (opcode === 2) {
			if (out.length === 0) throw new DecodeError('corrupt', 'a segmented LUT cannot start with an indirect segment');
			const offset = words[at] + words[at + 1] * 0x10000;
			at += 2;
			if (offset >= words.length) throw new DecodeError('corrupt', `segmented LUT indirect offset ${offset} is outside the data`);
			expand(words, offset, length, out, depth + 1);
		} else {
			throw new DecodeError('corrupt', `segmented LUT has unknown segment type ${opcode}`);
		}
		if (out.length > MAX_ENTRIES) throw new DecodeError('corrupt', 'segmented LUT expands past 65536 entries');
	}
}

/** roundHalfEven rounds like numpy.around, so that expanded tables equal pydicom's. */
function roundHalfEven(value: number): number {
	const floor = Math.floor(value);
	const diff = value - floor;
	if (diff > 0.5) return floor + 1;
	if (diff < 0.5) return floor;
	return floor % 2 === 0 ? floor : floor + 1;
}
