/**
 * processInstance: everything the device does with one file, in one place so the worker stays
 * thin and Node tests can run it: parse, summarise, burned-in check, de-identify, render the
 * preview. The image encoder is passed in (OffscreenCanvas JPEG in the worker).
 */
import { burnedInRisk, collectPhi, deidentify, redactRegions, type BurnedInReason, type DeidContext, type Outcome, type PhiRecord, type RedactRegion } from '../dicom/deid';
import type { InstanceSummary } from '../dicom/organise';
import { summariseInstance } from '../dicom/organise';
import type { DicomFile } from '../dicom/dataset';
import { parseDicom } from '../dicom/parse';
import { T } from '../dicom/tags';
import { getString } from '../dicom/values';
import { PREVIEW_MAX_LONG_SIDE, renderPreview, type RenderedImage, type Window } from '../dicom/render';
import { renderPreviewAndValues } from '../dicom/render/hu-values';

/** ProcessOptions tune one instance's processing. */
export interface ProcessOptions {
	/** includeBurnedIn processes an instance at risk of burned-in text instead of excluding it (after redaction, DESIGN.md). */
	readonly includeBurnedIn?: boolean;
	/**
	 * alreadyDeidentified marks bytes this device de-identified itself (an at-risk image after its
	 * regions were blacked out): they are previewed as they are. De-identifying them again would
	 * move their dates twice and map their UIDs twice, so the image would leave its own study.
	 */
	readonly alreadyDeidentified?: boolean;
	/** window for the preview (default: the file's own). */
	readonly window?: Window;
	/** quality of the preview JPEG, 0..1 (default 0.85). */
	readonly quality?: number;
}

/**
 * EncodedImage is a preview or thumbnail, encoded. Its bytes are an ArrayBuffer for consumers;
 * the worker hands a preview over as the encoder's Blob and the pool reads it (EncodedImage<Blob>).
 */
export interface EncodedImage<Bytes extends ArrayBuffer | Blob = ArrayBuffer> {
	readonly bytes: Bytes;
	readonly type: string;
	readonly width: number;
	readonly height: number;
}

/** ImageEncoder encodes a rendered preview (JPEG through OffscreenCanvas in the browser). */
export type ImageEncoder<Bytes extends ArrayBuffer | Blob = ArrayBuffer> = (image: RenderedImage, quality: number) => Promise<EncodedImage<Bytes>>;

/** Stage is a step done, reported as it happens for progress bars. */
export type Stage = 'deidentified' | 'preview';

/**
 * ProcessedInstance is one instance's outcome. `summary.studyDescription`/`seriesDescription`
 * and `phi` identify the patient: they stay on the device (the draft and the PHI firewall).
 */
export interface ProcessedInstance<Bytes extends ArrayBuffer | Blob = ArrayBuffer> {
	readonly summary: InstanceSummary;
	readonly burnedIn: { readonly atRisk: boolean; readonly reasons: BurnedInReason[] };
	/** excluded is true when the instance is at risk and was not processed further. */
	readonly excluded: boolean;
	readonly phi: PhiRecord;
	/** deidentified is the de-identified Part 10 file and what was done (absent when excluded). */
	readonly deidentified?: { readonly bytes: ArrayBuffer; readonly sopInstanceUID: string; readonly counts: Partial<Record<Outcome, number>> };
	readonly preview?: EncodedImage<Bytes>;
	/**
	 * values is a CT slice's companded Hounsfield units as a grey JPEG at the preview's size, the
	 * image record's `values` file readers window from (pocketbase/README.md, "images.values").
	 * Absent for other modalities, and when the preview could not be made.
	 */
	readonly values?: EncodedImage<Bytes>;
	/**
	 * thumbnail is the series' small image, drawn from this preview: importStudy adds it to the
	 * first instance of each series that has a preview (one per series, not one per slice).
	 */
	readonly thumbnail?: EncodedImage;
	/** previewError says why no preview could be made (the DICOM is still de-identified). */
	readonly previewError?: string;
}

/** DEFAULT_QUALITY is the preview JPEG quality (issue: 0.85 by default). */
export const DEFAULT_QUALITY = 0.85;

/** VALUES_QUALITY is the values JPEG's quality: codes are about 2 HU apart, so loss shows as HU error (pocketbase/README.md asks 0.95). */
export const VALUES_QUALITY = 0.95;

/** exactBuffer returns the bytes as an ArrayBuffer of their own length (a transferable). */
function exactBuffer(bytes: Uint8Array): ArrayBuffer {
	return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer);
}

/** processInstance processes one file; it throws DicomParseError when the bytes are not readable DICOM. */
export async function processInstance<Bytes extends ArrayBuffer | Blob = ArrayBuffer>(
	buffer: ArrayBuffer,
	ctx: DeidContext,
	options: ProcessOptions,
	encode: ImageEncoder<Bytes>,
	onStage: (stage: Stage) => void = () => {}
): Promise<ProcessedInstance<Bytes>> {
	const file = parseDicom(new Uint8Array(buffer));
	const summary = summariseInstance(file);
	const burnedIn = burnedInRisk(file);
	if (burnedIn.atRisk && !options.includeBurnedIn) return { summary, burnedIn, excluded: true, phi: collectPhi(file) };

	const { deidentified, phi } = options.alreadyDeidentified ? asIs(buffer, file) : deidentifiedCopy(file, ctx);
	onStage('deidentified');
	try {
		// The middle frame shows a cine loop or an enhanced stack better than its first.
		const frame = Math.floor((summary.frames - 1) / 2);
		// The values come from the same decoded frame as the preview (redacted when held), at the same size.
		const rendered = await renderPreviewAndValues(file, summary.modality, { frame, window: options.window, maxLongSide: PREVIEW_MAX_LONG_SIDE });
		const quality = options.quality ?? DEFAULT_QUALITY;
		const preview = await encode(rendered.preview, quality);
		const values = rendered.values && (await encode(rendered.values, VALUES_QUALITY));
		onStage('preview');
		return { summary, burnedIn, excluded: false, phi, deidentified, preview, ...(values && { values }) };
	} catch (error) {
		return { summary, burnedIn, excluded: false, phi, deidentified, previewError: error instanceof Error ? error.message : String(error) };
	}
}

function deidentifiedCopy(file: DicomFile, ctx: DeidContext): Pick<ProcessedInstance, 'deidentified' | 'phi'> {
	const { bytes, report, phi } = deidentify(file, ctx);
	return { deidentified: { bytes: exactBuffer(bytes), sopInstanceUID: report.sopInstanceUID, counts: report.counts }, phi };
}

/** asIs keeps already de-identified bytes: nothing done, nothing identifying read back (its dates are shifted ones). */
function asIs(buffer: ArrayBuffer, file: DicomFile): Pick<ProcessedInstance, 'deidentified' | 'phi'> {
	return { deidentified: { bytes: buffer, sopInstanceUID: getString(file.dataset, T.SOPInstanceUID) ?? '', counts: {} }, phi: { values: [] } };
}

/**
 * redactInstance blacks out `regions` (pixel coordinates) on every frame of an instance this
 * device de-identified itself and previews the result as it is (`alreadyDeidentified`): an image
 * at risk of burned-in text after its review. Nothing is de-identified twice, so no context.
 */
export async function redactInstance<Bytes extends ArrayBuffer | Blob = ArrayBuffer>(
	buffer: ArrayBuffer,
	regions: readonly RedactRegion[],
	options: ProcessOptions,
	encode: ImageEncoder<Bytes>
): Promise<ProcessedInstance<Bytes>> {
	const redacted = exactBuffer(await redactRegions(parseDicom(new Uint8Array(buffer)), regions));
	return processInstance(redacted, NOT_USED, { ...options, includeBurnedIn: true, alreadyDeidentified: true }, encode);
}

// alreadyDeidentified never reads the context: the bytes are kept as they are.
const NOT_USED: DeidContext = { secret: '', dateOffsetDays: 0, timeOffsetSeconds: 0 };

/**
 * previewOf renders and encodes the preview of a stored, de-identified instance with a window (no
 * de-identification: its bytes are the draft's); of frame `frame`, by default the middle one (the
 * import's), another for OCR of a multi-frame image's other frames.
 */
export async function previewOf<Bytes extends ArrayBuffer | Blob = ArrayBuffer>(
	buffer: ArrayBuffer,
	window: Window | undefined,
	encode: ImageEncoder<Bytes>,
	quality = DEFAULT_QUALITY,
	frame?: number
): Promise<EncodedImage<Bytes>> {
	const file = parseDicom(new Uint8Array(buffer));
	const frames = summariseInstance(file).frames;
	const rendered = await renderPreview(file, { frame: frame ?? Math.floor((frames - 1) / 2), window, maxLongSide: PREVIEW_MAX_LONG_SIDE });
	return encode(rendered, quality);
}

/** transferablesOf lists the buffers of a result, to transfer rather than copy them to the main thread (a Blob is passed by reference anyway). */
export function transferablesOf(result: ProcessedInstance<ArrayBuffer | Blob>): ArrayBuffer[] {
	return [result.deidentified?.bytes, result.preview?.bytes, result.values?.bytes, result.thumbnail?.bytes].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}
