/**
 * Text decoding by Specific Character Set (PS3.5 §6.1, PS3.3 C.12.1.1.2).
 *
 * Single-byte and Unicode sets decode with TextDecoder. ISO 2022 code extensions are split at
 * their escape sequences (PS3.5 §6.1.2.5.3) and each run is decoded with the set it designates;
 * the 7-bit JIS X 0208/0212 runs are lifted into EUC-JP, which TextDecoder knows.
 */

type Codec = 'ascii' | 'latin1' | 'jis0208' | 'jis0212' | string;

/** DEFINED_TERMS maps a Specific Character Set defined term to the codec of its first-designated set (PS3.3 Tables C.12-2..C.12-5). */
const DEFINED_TERMS: Record<string, Codec> = {
	'': 'ascii',
	'ISO_IR 6': 'ascii',
	'ISO_IR 100': 'latin1',
	'ISO_IR 101': 'iso-8859-2',
	'ISO_IR 109': 'iso-8859-3',
	'ISO_IR 110': 'iso-8859-4',
	'ISO_IR 144': 'iso-8859-5',
	'ISO_IR 127': 'iso-8859-6',
	'ISO_IR 126': 'iso-8859-7',
	'ISO_IR 138': 'iso-8859-8',
	'ISO_IR 148': 'iso-8859-9',
	'ISO_IR 203': 'iso-8859-15',
	'ISO_IR 13': 'shift_jis',
	'ISO_IR 166': 'windows-874',
	'ISO_IR 192': 'utf-8',
	GB18030: 'gb18030',
	GBK: 'gbk',
	'ISO 2022 IR 6': 'ascii',
	'ISO 2022 IR 100': 'latin1',
	'ISO 2022 IR 101': 'iso-8859-2',
	'ISO 2022 IR 109': 'iso-8859-3',
	'ISO 2022 IR 110': 'iso-8859-4',
	'ISO 2022 IR 144': 'iso-8859-5',
	'ISO 2022 IR 127': 'iso-8859-6',
	'ISO 2022 IR 126': 'iso-8859-7',
	'ISO 2022 IR 138': 'iso-8859-8',
	'ISO 2022 IR 148': 'iso-8859-9',
	'ISO 2022 IR 203': 'iso-8859-15',
	'ISO 2022 IR 13': 'shift_jis',
	'ISO 2022 IR 166': 'windows-874',
	'ISO 2022 IR 87': 'jis0208',
	'ISO 2022 IR 159': 'jis0212',
	'ISO 2022 IR 149': 'euc-kr',
	'ISO 2022 IR 58': 'gbk'
};

/** ESCAPES maps ISO 2022 escape sequences (the bytes after ESC) to codecs (PS3.3 Tables C.12-3, C.12-4). */
const ESCAPES: [number[], Codec][] = [
	[[0x28, 0x42], 'ascii'], // ESC ( B   ISO-IR 6 in G0
	[[0x28, 0x4a], 'shift_jis'], // ESC ( J   ISO-IR 14 (JIS X 0201 Romaji) in G0
	[[0x29, 0x49], 'shift_jis'], // ESC ) I   ISO-IR 13 (JIS X 0201 Katakana) in G1
	[[0x24, 0x42], 'jis0208'], // ESC $ B   ISO-IR 87
	[[0x24, 0x28, 0x44], 'jis0212'], // ESC $ ( D ISO-IR 159
	[[0x24, 0x29, 0x43], 'euc-kr'], // ESC $ ) C ISO-IR 149
	[[0x24, 0x29, 0x41], 'gbk'], // ESC $ ) A ISO-IR 58
	[[0x2d, 0x41], 'latin1'], // ESC - A   ISO-IR 100
	[[0x2d, 0x42], 'iso-8859-2'],
	[[0x2d, 0x43], 'iso-8859-3'],
	[[0x2d, 0x44], 'iso-8859-4'],
	[[0x2d, 0x4c], 'iso-8859-5'],
	[[0x2d, 0x47], 'iso-8859-6'],
	[[0x2d, 0x46], 'iso-8859-7'],
	[[0x2d, 0x48], 'iso-8859-8'],
	[[0x2d, 0x4d], 'iso-8859-9'],
	[[0x2d, 0x62], 'iso-8859-15'],
	[[0x2d, 0x54], 'windows-874']
];

const decoders = new Map<string, TextDecoder>();

function decoder(label: string): TextDecoder {
	let d = decoders.get(label);
	if (!d) {
		d = new TextDecoder(label);
		decoders.set(label, d);
	}
	return d;
}

/** codecOf returns the codec of a defined term; unknown terms fall back to Latin-1, as pydicom does, so a name still shows. */
function codecOf(term: string): Codec {
	return DEFINED_TERMS[term.trim()] ?? DEFINED_TERMS[term.trim().replace(/^ISO[ _]IR[ _]?/, 'ISO_IR ')] ?? 'latin1';
}

/** bytesToLatin1 maps each byte to the code point of the same value (ISO 8859-1, including C1; not windows-1252). */
export function bytesToLatin1(bytes: Uint8Array): string {
	let s = '';
	for (let i = 0; i < bytes.length; i += 4096) {
		s += String.fromCharCode.apply(null, bytes.subarray(i, i + 4096) as unknown as number[]);
	}
	return s;
}

function decodeRun(bytes: Uint8Array, codec: Codec): string {
	if (bytes.length === 0) return '';
	switch (codec) {
		case 'ascii':
		case 'latin1':
			return bytesToLatin1(bytes);
		case 'jis0208':
		case 'jis0212': {
			// 7-bit two-byte codes become EUC-JP by setting the high bits (0212 also needs SS3, 0x8F).
			const three = codec === 'jis0212';
			const out = new Uint8Array(bytes.length * (three ? 2 : 1) + 1);
			let n = 0;
			for (let i = 0; i + 1 < bytes.length; i += 2) {
				if (three) out[n++] = 0x8f;
				out[n++] = bytes[i] | 0x80;
				out[n++] = bytes[i + 1] | 0x80;
			}
			return decoder('euc-jp').decode(out.subarray(0, n));
		}
		default:
			return decoder(codec).decode(bytes);
	}
}

/** usesCodeExtensions is true when the set is ISO 2022 (escape sequences switch sets inside a value). */
function usesCodeExtensions(charset: readonly string[]): boolean {
	return charset.some((term) => term.startsWith('ISO 2022'));
}

/**
 * decodeText decodes a text value under a Specific Character Set (its terms, as in
 * DicomDataset.characterSet; [] is the default repertoire). Padding is not trimmed here.
 */
export function decodeText(bytes: Uint8Array, charset: readonly string[]): string {
	if (charset.length === 0) return bytesToLatin1(bytes);
	const first = codecOf(charset[0]);
	if (!usesCodeExtensions(charset) || bytes.indexOf(0x1b) < 0) return decodeRun(bytes, first);
	let out = '';
	let codec = first;
	let runStart = 0;
	let i = 0;
	while (i < bytes.length) {
		if (bytes[i] !== 0x1b) {
			// Line ends and TAB return to the initial set (PS3.5 §6.1.2.5.3): no set here uses those
			// bytes inside a character. "^", "=" and "\\" can be JIS bytes, so writers escape before them.
			const b = bytes[i];
			if (codec !== first && (b === 0x0d || b === 0x0a || b === 0x0c || b === 0x09)) {
				out += decodeRun(bytes.subarray(runStart, i), codec);
				codec = first;
				runStart = i;
			}
			i++;
			continue;
		}
		const match = ESCAPES.find(([seq]) => seq.every((b, k) => bytes[i + 1 + k] === b));
		out += decodeRun(bytes.subarray(runStart, i), codec);
		if (match) {
			codec = match[1];
			i += 1 + match[0].length;
		} else {
			i += 1; // an unknown escape is dropped rather than shown as a control character
		}
		runStart = i;
	}
	return out + decodeRun(bytes.subarray(runStart), codec);
}

/** isKnownCharacterSet is true when every term of the set is a defined term Cassette decodes. */
export function isKnownCharacterSet(charset: readonly string[]): boolean {
	return charset.every((term) => term.trim() in DEFINED_TERMS);
}
