/**
 * Encoding the few texts the engine writes (dummies, the author's descriptions, the method
 * description) in the character set of the dataset they go into (PS3.5 §6.1.2.3), so that kept
 * values and new ones read the same way.
 */
import { stripAccents } from './phi-match';

const utf8 = new TextEncoder();

/** encodeText encodes `text` for a dataset with this Specific Character Set. A character the set cannot hold becomes its unaccented form, or "?". */
export function encodeText(text: string, charset: readonly string[]): Uint8Array {
	const first = charset[0] ?? '';
	if (first === 'ISO_IR 192') return utf8.encode(text);
	// ASCII fits every character set: skip the per-character accent stripping (the common case, ~0.1 ms a file).
	if (!needsUnicode(text)) return latin1Bytes(text);
	const limit = first === 'ISO_IR 100' || first === 'ISO 2022 IR 100' ? 0xff : 0x7f;
	const fits = (c: string) => c.codePointAt(0)! <= limit;
	let out = '';
	for (const c of text) {
		const plain = stripAccents(c);
		out += fits(c) ? c : [...plain].every(fits) ? plain : '?';
	}
	return latin1Bytes(out);
}

/** latin1Bytes writes one byte per UTF-16 unit (every unit is ≤ 0xFF here); a plain loop, as `Uint8Array.from` with a mapper is ten times slower. */
function latin1Bytes(text: string): Uint8Array {
	const bytes = new Uint8Array(text.length);
	for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
	return bytes;
}

/** needsUnicode is true when a text cannot be written in the default repertoire (ASCII). */
export function needsUnicode(text: string): boolean {
	return /[^\0-\x7f]/.test(text);
}
