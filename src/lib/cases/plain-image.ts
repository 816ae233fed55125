/**
 * plainImage returns a JPEG or PNG with every metadata segment or chunk taken out, as the server
 * wants previews and header images (it refuses EXIF, XMP, ICC profiles with free text, comments,
 * text chunks and anything after the image's end). The pixels are encoded by the browser's own
 * canvas, whose output differs between engines (Chromium embeds an ICC profile, WebKit's encoder
 * may add EXIF), so what leaves the device is made plain here, whatever browser made it. Bytes
 * that do not parse as expected are returned untouched: the server then says what is wrong.
 */

/** JPEG segments kept: everything a plain encoder needs to describe the image. */
const JFIF = [0x4a, 0x46, 0x49, 0x46, 0x00];
const SOS = 0xda;
const EOI = 0xd9;
const COM = 0xfe;

/** PNG chunks kept: the critical ones and colour facts without text. */
const PNG_KEPT = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'pHYs']);
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function plainImage(bytes: Uint8Array, type: string): Uint8Array {
	if (type === 'image/jpeg') return plainJpeg(bytes);
	if (type === 'image/png') return plainPng(bytes);
	return bytes;
}

/** plainJpeg keeps SOI, a JFIF APP0, the tables and frame header, and the scans up to the last EOI. */
export function plainJpeg(bytes: Uint8Array): Uint8Array {
	if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return bytes;
	const kept: Uint8Array[] = [bytes.subarray(0, 2)];
	let i = 2;
	while (i + 4 <= bytes.length) {
		if (bytes[i] !== 0xff) return bytes;
		const marker = bytes[i + 1];
		// a marker may be preceded by any number of 0xFF fill bytes (T.81 B.1.1.2)
		if (marker === 0xff) {
			i++;
			continue;
		}
		if (marker === SOS) {
			const end = lastEoi(bytes, i);
			if (end < 0) return bytes;
			kept.push(bytes.subarray(i, end));
			return concat(kept);
		}
		const end = i + 2 + ((bytes[i + 2] << 8) | bytes[i + 3]);
		if (end > bytes.length) return bytes;
		const jfif = marker === 0xe0 && JFIF.every((b, k) => bytes[i + 4 + k] === b);
		const metadata = (marker >= 0xe0 && marker <= 0xef && !jfif) || marker === COM;
		if (!metadata) kept.push(bytes.subarray(i, end));
		i = end;
	}
	return bytes;
}

/** lastEoi is the index just past the file's last EOI marker after `from`, or -1. */
function lastEoi(bytes: Uint8Array, from: number): number {
	for (let k = bytes.length - 2; k > from; k--) if (bytes[k] === 0xff && bytes[k + 1] === EOI) return k + 2;
	return -1;
}

/** plainPng keeps the signature and the kept chunks, up to IEND. */
export function plainPng(bytes: Uint8Array): Uint8Array {
	if (!PNG_SIGNATURE.every((b, k) => bytes[k] === b)) return bytes;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const kept: Uint8Array[] = [bytes.subarray(0, 8)];
	let i = 8;
	while (i + 12 <= bytes.length) {
		const end = i + 12 + view.getUint32(i);
		if (end > bytes.length) return bytes;
		const name = String.fromCharCode(...bytes.subarray(i + 4, i + 8));
		if (PNG_KEPT.has(name)) kept.push(bytes.subarray(i, end));
		if (name === 'IEND') return concat(kept);
		i = end;
	}
	return bytes;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}
