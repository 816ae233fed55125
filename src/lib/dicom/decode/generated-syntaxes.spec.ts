/**
 * Syntaxes pydicom's test set lacks, generated at test time from synthetic images by dcmtk and
 * gdcmconv, decoded through the parser and compared with pydicom + gdcm and with the source.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compressedFile, sourceFile, type SourceKind } from '../../../../tests/reference/generated';
import { referenceDecode } from '../../../../tests/reference/reference';
import { parseDicom } from '../parse';
import { decodeFrame } from './decode-frame';
import { encodedFrame, imageInfoOf } from './frames';
import type { DecodedFrame, ImageInfo } from './image-info';
import { applyModalityLut } from '../render/modality';
import { compareToReference } from '../../../../tests/reference/compare';

interface Generated {
	readonly name: string;
	readonly source: SourceKind;
	readonly tool: string;
	readonly args: string[];
	readonly syntax: string;
	/**
	 * Against the uncompressed source: the largest error (0 for lossless, NEAR for JPEG-LS
	 * near-lossless), or for DCT / wavelet codecs, whose error at sharp edges is large, a PSNR.
	 */
	readonly vsSource: { maxError: number } | { minPsnr: number };
	/** Largest error allowed against the reference decoder on the same codestream. */
	readonly maxErrorVsReference: number;
}

const GENERATED: Generated[] = [
	{ name: 'JPEG-LS near-lossless 12-bit (NEAR 2)', source: 'ct12', tool: 'dcmcjpls', args: ['+en'], syntax: '1.2.840.10008.1.2.4.81', vsSource: { maxError: 2 }, maxErrorVsReference: 0 },
	{ name: 'JPEG-LS near-lossless RGB (NEAR 2)', source: 'rgb', tool: 'dcmcjpls', args: ['+en'], syntax: '1.2.840.10008.1.2.4.81', vsSource: { maxError: 2 }, maxErrorVsReference: 0 },
	{ name: 'JPEG-LS lossless signed 16-bit', source: 'ct16', tool: 'dcmcjpls', args: ['+el'], syntax: '1.2.840.10008.1.2.4.80', vsSource: { maxError: 0 }, maxErrorVsReference: 0 },
	{ name: 'JPEG extended 12-bit', source: 'ct12', tool: 'dcmcjpeg', args: ['+ee', '+rm'], syntax: '1.2.840.10008.1.2.4.51', vsSource: { minPsnr: 35 }, maxErrorVsReference: 1 },
	{ name: 'JPEG extended 8-bit YBR_FULL_422', source: 'rgb', tool: 'dcmcjpeg', args: ['+ee'], syntax: '1.2.840.10008.1.2.4.51', vsSource: { minPsnr: 35 }, maxErrorVsReference: 1 },
	{ name: 'JPEG baseline YBR_FULL_422', source: 'rgb', tool: 'dcmcjpeg', args: ['+eb'], syntax: '1.2.840.10008.1.2.4.50', vsSource: { minPsnr: 35 }, maxErrorVsReference: 1 },
	{ name: 'JPEG lossless SV1 signed 16-bit', source: 'ct16', tool: 'dcmcjpeg', args: ['+e1'], syntax: '1.2.840.10008.1.2.4.70', vsSource: { maxError: 0 }, maxErrorVsReference: 0 },
	{ name: 'JPEG lossless process 14 SV6', source: 'ct16', tool: 'dcmcjpeg', args: ['+el', '+sv', '6'], syntax: '1.2.840.10008.1.2.4.57', vsSource: { maxError: 0 }, maxErrorVsReference: 0 },
	{ name: 'JPEG lossless process 14 SV2 RGB', source: 'rgb', tool: 'dcmcjpeg', args: ['+el', '+sv', '2'], syntax: '1.2.840.10008.1.2.4.57', vsSource: { maxError: 0 }, maxErrorVsReference: 0 },
	{ name: 'RLE signed 16-bit', source: 'ct16', tool: 'dcmcrle', args: [], syntax: '1.2.840.10008.1.2.5', vsSource: { maxError: 0 }, maxErrorVsReference: 0 },
	{ name: 'RLE 12-bit unsigned', source: 'ct12', tool: 'dcmcrle', args: [], syntax: '1.2.840.10008.1.2.5', vsSource: { maxError: 0 }, maxErrorVsReference: 0 },
	{ name: 'RLE palette colour', source: 'palette', tool: 'dcmcrle', args: [], syntax: '1.2.840.10008.1.2.5', vsSource: { maxError: 0 }, maxErrorVsReference: 0 },
	{ name: 'JPEG 2000 lossless signed 16-bit', source: 'ct16', tool: 'gdcmconv', args: ['--j2k'], syntax: '1.2.840.10008.1.2.4.90', vsSource: { maxError: 0 }, maxErrorVsReference: 0 },
	{ name: 'JPEG 2000 lossless RGB', source: 'rgb', tool: 'gdcmconv', args: ['--j2k'], syntax: '1.2.840.10008.1.2.4.90', vsSource: { maxError: 0 }, maxErrorVsReference: 0 },
	{ name: 'JPEG 2000 lossy 16-bit (20:1)', source: 'ct16', tool: 'gdcmconv', args: ['--j2k', '--lossy', '-r', '20'], syntax: '1.2.840.10008.1.2.4.91', vsSource: { minPsnr: 35 }, maxErrorVsReference: 1 },
	{ name: 'JPEG 2000 lossy RGB (20:1)', source: 'rgb', tool: 'gdcmconv', args: ['--j2k', '--lossy', '-r', '20'], syntax: '1.2.840.10008.1.2.4.91', vsSource: { minPsnr: 35 }, maxErrorVsReference: 1 }
];

async function decodeAll(path: string): Promise<{ frames: DecodedFrame[]; syntax: string; info: ImageInfo }> {
	const file = parseDicom(new Uint8Array(readFileSync(path)));
	const info = imageInfoOf(file);
	const frames = [];
	for (let i = 0; i < info.numberOfFrames; i++) frames.push(await decodeFrame(encodedFrame(file, i, info), info, file.transferSyntaxUID));
	return { frames, syntax: file.transferSyntaxUID, info };
}

function sourceError(a: Float64Array, b: Float64Array, peak: number): { max: number; psnr: number } {
	expect(a.length).toBe(b.length);
	let max = 0;
	let squared = 0;
	for (let i = 0; i < a.length; i++) {
		const d = Math.abs(a[i] - b[i]);
		max = Math.max(max, d);
		squared += d * d;
	}
	return { max, psnr: squared === 0 ? Infinity : 10 * Math.log10((peak * peak * a.length) / squared) };
}

describe('generated syntaxes against pydicom + gdcm and the source image', () => {
	for (const g of GENERATED) {
		it(g.name, async () => {
			const path = compressedFile(g.source, g.tool, g.args);
			const { frames, syntax, info } = await decodeAll(path);
			expect(syntax).toBe(g.syntax);
			const reference = referenceDecode(path);
			if (!reference.pixels) throw new Error(`reference refused the file: ${reference.meta.referenceError}`);
			const vsReference = compareToReference(frames, reference.pixels, reference.meta);
			expect(vsReference.maxAbsError).toBeLessThanOrEqual(g.maxErrorVsReference);
			const source = await decodeAll(sourceFile(g.source));
			// dcmtk's lossy JPEG may rescale stored values (kept in Rescale Slope/Intercept with +rm):
			// compare in modality units.
			const modality = (frame: DecodedFrame, of: ImageInfo) => applyModalityLut(frame, of.rescaleSlope, of.rescaleIntercept);
			const error = sourceError(modality(frames[0], info), modality(source.frames[0], source.info), 2 ** info.bitsStored - 1);
			if ('maxError' in g.vsSource) expect(error.max).toBeLessThanOrEqual(g.vsSource.maxError);
			else expect(error.psnr).toBeGreaterThanOrEqual(g.vsSource.minPsnr);
		});
	}
});
