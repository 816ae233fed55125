/**
 * render: `cassette render FILE [--frame N] [--window C,W | --preset NAME] --out FILE.png`: the
 * preview pipeline's pixels (renderPreview, the step before the JPEG encoder) as a lossless PNG.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { frameCount } from '../lib/dicom/decode';
import { parseDicom } from '../lib/dicom/parse';
import { encodePng, renderPreview, WINDOW_PRESETS, type Window, type WindowPreset } from '../lib/dicom/render';
import { UsageError } from './usage';

/** parseWindow reads "CENTER,WIDTH" (width positive, PS3.3 C.11.2.1.2) or a preset name. */
export function parseWindow(window: string | undefined, preset: string | undefined): Window | undefined {
	if (window !== undefined && preset !== undefined) throw new UsageError('give --window or --preset, not both');
	if (preset !== undefined) {
		if (!Object.hasOwn(WINDOW_PRESETS, preset)) throw new UsageError(`unknown preset "${preset}" (one of ${Object.keys(WINDOW_PRESETS).join(', ')})`);
		return WINDOW_PRESETS[preset as WindowPreset];
	}
	if (window === undefined) return undefined;
	const parts = window.split(',').map((p) => Number(p.trim()));
	if (parts.length !== 2 || parts.some((p) => !Number.isFinite(p)) || parts[1] < 1) throw new UsageError(`--window wants CENTER,WIDTH with WIDTH ≥ 1, got "${window}"`);
	return { center: parts[0], width: parts[1] };
}

/** parseFrame reads a frame number counted from 0. */
export function parseFrame(text: string | undefined): number {
	if (text === undefined) return 0;
	const frame = Number(text);
	if (!Number.isInteger(frame) || frame < 0) throw new UsageError(`--frame wants a whole number from 0, got "${text}"`);
	return frame;
}

/** renderFile writes the PNG and returns its size in pixels. */
export async function renderFile(path: string, out: string, frame: number, window: Window | undefined): Promise<{ width: number; height: number }> {
	const file = parseDicom(new Uint8Array(await readFile(path)));
	const frames = frameCount(file);
	if (frame >= frames) throw new Error(`frame ${frame} does not exist (the file has ${frames} frame${frames === 1 ? '' : 's'}, counted from 0)`);
	const image = await renderPreview(file, { frame, window });
	await writeFile(out, encodePng(image));
	return { width: image.width, height: image.height };
}
