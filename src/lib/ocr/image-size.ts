/**
 * imageSizeOf reads the width and height of a PNG or JPEG from its header, without decoding it
 * (the CLI hands photos to Tesseract as they are and needs their size for the boxes). PNG: the
 * IHDR chunk right after the signature (ISO/IEC 15948 §11.2.2); JPEG: the first SOFn marker
 * segment (ITU T.81 B.2.2; C4, C8 and CC are not frames). Null for anything else.
 */
export function imageSizeOf(bytes: Uint8Array): { width: number; height: number } | null {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (bytes.length >= 24 && bytes[0] === 0x89 && String.fromCharCode(...bytes.subarray(12, 16)) === 'IHDR') {
		return { width: view.getUint32(16), height: view.getUint32(20) };
	}
	if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
	let at = 2;
	while (at + 9 < bytes.length) {
		if (bytes[at] !== 0xff) return null;
		const marker = bytes[at + 1];
		if (marker === 0xff) {
			at++;
			continue;
		}
		const length = view.getUint16(at + 2);
		if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
			return { width: view.getUint16(at + 7), height: view.getUint16(at + 5) };
		}
		at += 2 + length;
	}
	return null;
}
