/**
 * jpeg-2000-siz: the image size a raw JPEG 2000 codestream declares, read from its SIZ marker
 * segment (ITU-T T.800 §A.5.1: SOC, then SIZ with Lsiz, Rsiz, Xsiz, Ysiz, XOsiz, YOsiz, XTsiz,
 * YTsiz, XTOsiz, YTOsiz, Csiz). OpenJPEG refuses a damaged SIZ with a message on its console
 * only and reports a 0×0×0 image; reading it here says what is wrong. The case in point is
 * pydicom's JPEG2000-embedded-sequence-delimiter.dcm, whose fragment is read whole (its length
 * says where it ends, pydicom issue #1140) but had four bytes of its SIZ overwritten with a
 * Sequence Delimitation Item: GDCM fails on it too ("opj_setup_decoder failure") and hands back
 * an uninitialised buffer, so there is no image to recover.
 */

/** SizInfo is what SIZ says about the image: the size of the reference grid's image area and the component count. */
export interface SizInfo {
	width: number;
	height: number;
	components: number;
	/** delimiter is true when the segment holds the bytes of an Item or Sequence Delimitation tag (FFFE,E0xx, little endian). */
	delimiter: boolean;
}

/** readSiz reads the SIZ segment right after SOC, or returns null when the codestream does not start SOC, SIZ. */
export function readSiz(data: Uint8Array): SizInfo | null {
	if (data.length < 4 + 38 || data[0] !== 0xff || data[1] !== 0x4f || data[2] !== 0xff || data[3] !== 0x51) return null;
	const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
	const length = view.getUint16(4);
	const end = Math.min(data.length, 4 + length);
	let delimiter = false;
	for (let i = 4; i + 3 < end; i++) {
		if (data[i] === 0xfe && data[i + 1] === 0xff && (data[i + 2] === 0x00 || data[i + 2] === 0x0d || data[i + 2] === 0xdd) && data[i + 3] === 0xe0) delimiter = true;
	}
	// Offsets after the marker: Lsiz 0, Rsiz 2, Xsiz 4, Ysiz 8, XOsiz 12, YOsiz 16, ..., Csiz 36.
	const at = 4;
	const width = view.getUint32(at + 4) - view.getUint32(at + 12);
	const height = view.getUint32(at + 8) - view.getUint32(at + 16);
	return { width, height, components: view.getUint16(at + 36), delimiter };
}
