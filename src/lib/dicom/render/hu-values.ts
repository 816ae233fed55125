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
import type { DecodedFrame, ImageInfo } from '../decode/image-info';
import { encodeStoredHu } from '../../viewer/hu-encoding';
import { modalityFunction } from './modality';
import { renderFrame, type RenderedImage } from './render-frame';
import type { PreviewOptions } from './preview';
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

/**
 * renderPreviewAndValues decodes one frame once for both its preview (renderPreview's pixels)
 * and, for a CT slice, its values: decoding is most of an import's time (JPEG-LS, JPEG 2000), and
 * doing it twice, once per image, halved the import's speed.
 */
export async function renderPreviewAndValues(
	file: DicomFile,
	modality: string,
	options: PreviewOptions = {}
): Promise<{ preview: RenderedImage; values?: RenderedImage }> {
	const index = options.frame ?? 0;
	const maxLongSide = options.maxLongSide ?? PREVIEW_MAX_LONG_SIDE;
	const info = imageInfoOf(file, index);
	const decoded = await decodeFrame(encodedFrame(file, index, info), info, file.transferSyntaxUID);
	const preview = resizeToFit(renderFrame(decoded, info, options.window), maxLongSide);
	return { preview, values: huValuesOf(decoded, info, modality, maxLongSide) };
}

function huValuesOf(decoded: DecodedFrame, info: ImageInfo, modality: string, maxLongSide: number): RenderedImage | undefined {
	if (!hasHuValues(modality, decoded.samplesPerPixel, decoded.photometricInterpretation)) return undefined;
	return resizeToFit(encodeStoredHu(decoded.pixels, modalityFunction(info), decoded.columns, decoded.rows), maxLongSide);
}
