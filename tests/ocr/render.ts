/**
 * render: draws corpus scenes (scenes.ts) in Debian's Chromium, on a canvas with real fonts,
 * and returns each image's RGBA pixels with the box, in image pixels, of every line's text
 * (the axis-aligned box of its rotated corners for a tilted photo of a monitor).
 */
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_LAUNCH } from '../chromium';
import type { Role, Scene } from './scenes';

/** TruthBox is where one line's text ended up. */
export interface TruthBox {
	role: Role;
	text: string;
	box: { x0: number; y0: number; x1: number; y1: number };
}

/** RenderedScene is a scene's pixels (RGBA, row-major) and where its text is. */
export interface RenderedScene {
	scene: Scene;
	width: number;
	height: number;
	rgba: Uint8ClampedArray;
	truth: TruthBox[];
}

/** drawScene runs in the page: draws one scene and returns its pixels (base64) and the text boxes. */
function drawScene(scene: Scene): { pixels: string; truth: TruthBox[] } {
	const canvas = new OffscreenCanvas(scene.width, scene.height);
	const ctx = canvas.getContext('2d')!;
	const { width, height } = scene;
	let seed = scene.name.length * 977;
	const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
	if (scene.background === 'report') {
		ctx.fillStyle = '#fdfdf8';
		ctx.fillRect(0, 0, width, height);
		ctx.strokeStyle = '#888';
		for (let y = height * 0.45; y < height; y += 28) ctx.strokeRect(20, y, width - 40, 28);
	} else if (scene.background === 'monitor-photo') {
		const room = ctx.createLinearGradient(0, 0, width, height);
		room.addColorStop(0, '#6b6258');
		room.addColorStop(1, '#2b2824');
		ctx.fillStyle = room;
		ctx.fillRect(0, 0, width, height);
	} else {
		ctx.fillStyle = '#000';
		ctx.fillRect(0, 0, width, height);
	}
	if (scene.background === 'monitor-photo') {
		ctx.translate(width / 2, height / 2);
		ctx.rotate((scene.rotation * Math.PI) / 180);
		ctx.translate(-width / 2, -height / 2);
		ctx.fillStyle = '#0c0f12';
		ctx.fillRect(width * 0.12, height * 0.15, width * 0.76, height * 0.7);
	}
	if (scene.background === 'ultrasound' || scene.background === 'monitor-photo') {
		// a fan of speckle, like a B-mode sector
		const cx = width * 0.55;
		for (let i = 0; i < 6000; i++) {
			const angle = -Math.PI / 2 + (rand() - 0.5) * 1.3;
			const r = height * (0.15 + rand() * 0.6);
			const g = Math.floor(40 + rand() * 120);
			ctx.fillStyle = `rgb(${g},${g},${g})`;
			ctx.fillRect(cx + r * Math.cos(angle + Math.PI), height * 0.1 - r * Math.sin(angle + Math.PI), 2, 2);
		}
	} else if (scene.background === 'ct') {
		ctx.fillStyle = '#505050';
		ctx.beginPath();
		ctx.ellipse(width / 2, height / 2, width * 0.38, height * 0.32, 0, 0, 2 * Math.PI);
		ctx.fill();
		ctx.fillStyle = '#e0e0e0';
		ctx.beginPath();
		ctx.ellipse(width / 2, height * 0.7, width * 0.05, height * 0.04, 0, 0, 2 * Math.PI);
		ctx.fill();
	}
	const truth: TruthBox[] = [];
	for (const line of scene.lines) {
		ctx.font = `${line.size}px "${line.font}"`;
		ctx.fillStyle = line.colour;
		ctx.textBaseline = 'alphabetic';
		const baseline = line.y + line.size;
		ctx.fillText(line.label + line.text, line.x, baseline);
		const start = line.x + ctx.measureText(line.label).width;
		const m = ctx.measureText(line.text);
		const corners = [
			[start - m.actualBoundingBoxLeft, baseline - m.actualBoundingBoxAscent],
			[start + m.actualBoundingBoxRight, baseline - m.actualBoundingBoxAscent],
			[start - m.actualBoundingBoxLeft, baseline + m.actualBoundingBoxDescent],
			[start + m.actualBoundingBoxRight, baseline + m.actualBoundingBoxDescent]
		].map(([x, y]) => ctx.getTransform().transformPoint({ x, y }));
		const xs = corners.map((p) => p.x);
		const ys = corners.map((p) => p.y);
		truth.push({ role: line.role, text: line.text, box: { x0: Math.floor(Math.min(...xs)), y0: Math.floor(Math.min(...ys)), x1: Math.ceil(Math.max(...xs)), y1: Math.ceil(Math.max(...ys)) } });
	}
	ctx.resetTransform();
	if (scene.background === 'monitor-photo') {
		// a phone camera's softness and sensor noise over the whole picture
		const copy = new OffscreenCanvas(width, height);
		const c2 = copy.getContext('2d')!;
		c2.filter = 'blur(0.7px)';
		c2.drawImage(canvas, 0, 0);
		ctx.drawImage(copy, 0, 0);
		const data = ctx.getImageData(0, 0, width, height);
		for (let i = 0; i < data.data.length; i += 4) {
			const n = (rand() - 0.5) * 24;
			data.data[i] += n;
			data.data[i + 1] += n;
			data.data[i + 2] += n;
		}
		ctx.putImageData(data, 0, 0);
	}
	const rgba = ctx.getImageData(0, 0, width, height).data;
	let binary = '';
	for (let i = 0; i < rgba.length; i += 0x8000) binary += String.fromCharCode(...rgba.subarray(i, i + 0x8000));
	return { pixels: btoa(binary), truth };
}

/** CorpusRenderer draws scenes in one Chromium kept open. */
export interface CorpusRenderer {
	render(scene: Scene): Promise<RenderedScene>;
	close(): Promise<void>;
}

/** openCorpusRenderer starts Chromium on a blank page (no network: the fonts are the system's). */
export async function openCorpusRenderer(): Promise<CorpusRenderer> {
	const browser: Browser = await chromium.launch(CHROMIUM_LAUNCH);
	const page = await browser.newPage();
	// tsx and Vitest compile with esbuild's keepNames, which wraps functions in __name(); drawScene runs in the page, where it is missing
	await page.evaluate('globalThis.__name = (f) => f');
	// the fonts load on first use: draw each once so the first scene is not drawn in a fallback
	await page.evaluate(async (fonts) => Promise.all(fonts.map((f) => document.fonts.load(`16px "${f}"`))), ['DejaVu Sans', 'DejaVu Sans Mono', 'DejaVu Serif', 'DejaVu Sans Condensed']);
	return {
		async render(scene) {
			const { pixels, truth } = await page.evaluate(drawScene, scene);
			return { scene, width: scene.width, height: scene.height, rgba: new Uint8ClampedArray(Buffer.from(pixels, 'base64')), truth };
		},
		close: () => browser.close()
	};
}
