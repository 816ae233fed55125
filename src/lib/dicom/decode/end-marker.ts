/**
 * hasEndMarker says whether a JPEG-family codestream ends with EOI (JPEG, JPEG-LS) or EOC
 * (JPEG 2000), both 0xFFD9, allowing a few trailing pad bytes (DICOM pads fragments to even
 * length). The WASM codecs decode a cut codestream into a partly blank image without failing,
 * so a missing end marker is how truncation is caught (PS3.5 §A.4: a frame is a whole codestream).
 */
export function hasEndMarker(data: Uint8Array): boolean {
	for (let i = data.length - 2; i >= Math.max(0, data.length - 8); i--) {
		if (data[i] === 0xff && data[i + 1] === 0xd9) return true;
	}
	return false;
}
