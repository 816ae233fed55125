/**
 * renderHuValues: the pixels of a CT slice's `values` image (pocketbase/README.md, "images.values"),
 * from which readers window the published slice. The frame's stored values go through the
 * modality LUT (rescale slope/intercept or a Modality LUT Sequence, PS3.3 C.11.1) to Hounsfield
 * units, are companded to 8-bit codes by `encodeHu` and shrunk to the preview's size, so a code
 * pixel lies under the preview pixel it windows. No VOI and no MONOCHROME1 inversion: the codes
 * stand for HU, not for a grey on screen.
 */
import type { DicomFile } from '../dataset';
import { decodeFrame } from '../decode/decode-frame';
import { encodedFrame, imageInfoOf } from '../decode/frames';
import { encodeHu } from '../../viewer/hu-encoding';
import { modalityFunction } from './modality';
import type { RenderedImage } from './render-frame';
import { resizeToFit } from './resize';
import { PREVIEW_MAX_LONG_SIDE } from './preview';

/**
 * hasHuValues says whether a slice is published with values: a CT (its modality values are HU,
 * PS3.3 C.8.2.1.1.3-4) of one monochrome sample per pixel. Other modalities' units are not HU,
 * and the reader's CT window presets would mean nothing on them.
 */
export function hasHuValues(modality: string, samplesPerPixel: number, photometric: string): boolean {
	return modality === 'CT' && samplesPerPixel === 1 && (photometric === 'MONOCHROME1' || photometric === 'MONOCHROME2');
}

/** renderHuValues decodes frame `frame` of a CT file and returns its companded HU as grey RGBA, or undefined when the slice has no HU (hasHuValues). */
export async function renderHuValues(file: DicomFile, modality: string, frame = 0, maxLongSide = PREVIEW_MAX_LONG_SIDE): Promise<RenderedImage | undefined> {
	const info = imageInfoOf(file, frame);
	const decoded = await decodeFrame(encodedFrame(file, frame, info), info, file.transferSyntaxUID);
	if (!hasHuValues(modality, decoded.samplesPerPixel, decoded.photometricInterpretation)) return undefined;
	const toHu = modalityFunction(info);
	const { pixels } = decoded;
	const hu = new Float32Array(pixels.length);
	for (let i = 0; i < pixels.length; i++) hu[i] = toHu(pixels[i]);
	return resizeToFit(encodeHu(hu, decoded.columns, decoded.rows), maxLongSide);
}
