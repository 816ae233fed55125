/**
 * burnedInDicom wraps a rendered corpus image (grey) in an ultrasound Part 10 file whose header
 * names the same invented patient and says Burned In Annotation YES — what a scanner exports.
 * Written with the fixtures' own Part 10 writer (tests/fixtures/ct/part10.ts), not the app's.
 */
import { writePart10File, type Element } from '../fixtures/ct/part10';
import type { Patient } from './scenes';

/** US_IMAGE_STORAGE: Ultrasound Image Storage (PS3.4 Annex B.5). */
const US_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.6.1';

/** burnedInDicom returns the Part 10 bytes of a MONOCHROME2 8-bit US image of `rgba` (grey taken from red). */
export function burnedInDicom(image: Frame, patient: Patient, uidRoot = '2.25.4242'): Uint8Array {
	return usFile(US_IMAGE_STORAGE, [image], patient, uidRoot);
}

/** US_MULTIFRAME_IMAGE_STORAGE: Ultrasound Multi-frame Image Storage (PS3.4 Annex B.5). */
const US_MULTIFRAME_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.3.1';

/**
 * burnedInCine returns a multi-frame ultrasound (a cine loop) of the rendered frames, all of one
 * size, whose header names `patient` and says Burned In Annotation YES: the text may differ from
 * frame to frame, as a clock or a name shown only on some frames does.
 */
export function burnedInCine(frames: readonly Frame[], patient: Patient, uidRoot = '2.25.4343'): Uint8Array {
	return usFile(US_MULTIFRAME_IMAGE_STORAGE, frames, patient, uidRoot);
}

type Frame = { width: number; height: number; rgba: Uint8ClampedArray };

/** usFile writes the frames (grey from red) as an 8-bit US of `sopClass`; a multi-frame one says its Number of Frames. */
function usFile(sopClass: string, frames: readonly Frame[], patient: Patient, uidRoot: string): Uint8Array {
	const [{ width, height }] = frames;
	const pixels = new Uint8Array(width * height * frames.length);
	frames.forEach((frame, f) => {
		for (let i = 0; i < width * height; i++) pixels[f * width * height + i] = frame.rgba[4 * i];
	});
	const sop = `${uidRoot}.3.1`;
	const dataset: Element[] = [
		// UTF-8: the corpus's names carry accents and ñ (PS3.3 C.12.1.1.2, ISO_IR 192)
		{ tag: 0x00080005, vr: 'CS', value: 'ISO_IR 192' },
		{ tag: 0x00080008, vr: 'CS', value: ['ORIGINAL', 'PRIMARY'] },
		{ tag: 0x00080016, vr: 'UI', value: sopClass },
		{ tag: 0x00080018, vr: 'UI', value: sop },
		{ tag: 0x00080020, vr: 'DA', value: '20240311' },
		{ tag: 0x00080060, vr: 'CS', value: 'US' },
		{ tag: 0x00100010, vr: 'PN', value: patient.name },
		{ tag: 0x00100020, vr: 'LO', value: patient.id },
		{ tag: 0x00100030, vr: 'DA', value: patient.birth },
		{ tag: 0x0020000d, vr: 'UI', value: `${uidRoot}.1` },
		{ tag: 0x0020000e, vr: 'UI', value: `${uidRoot}.2` },
		{ tag: 0x00200013, vr: 'IS', value: '1' },
		{ tag: 0x00280002, vr: 'US', value: 1 },
		{ tag: 0x00280004, vr: 'CS', value: 'MONOCHROME2' },
		...(sopClass === US_MULTIFRAME_IMAGE_STORAGE ? [{ tag: 0x00280008, vr: 'IS', value: String(frames.length) } satisfies Element] : []),
		{ tag: 0x00280010, vr: 'US', value: height },
		{ tag: 0x00280011, vr: 'US', value: width },
		{ tag: 0x00280100, vr: 'US', value: 8 },
		{ tag: 0x00280101, vr: 'US', value: 8 },
		{ tag: 0x00280102, vr: 'US', value: 7 },
		{ tag: 0x00280103, vr: 'US', value: 0 },
		{ tag: 0x00280301, vr: 'CS', value: 'YES' },
		{ tag: 0x7fe00010, vr: 'OB', value: pixels }
	];
	return writePart10File(sopClass, sop, dataset);
}
