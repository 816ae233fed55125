#!/usr/bin/env node
// gen-icons draws Cassette's app icons (192, 512 and a maskable 512) as PNGs with node's zlib,
// so the repository needs no image tooling. Run: node scripts/gen-icons.js (outputs static/icons/).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'static', 'icons');

const colours = {
	background: [16, 33, 46],
	shell: [226, 236, 242],
	window: [16, 33, 46],
	reel: [56, 189, 200]
};

/** crc32 as PNG chunks need it (ISO 3309 polynomial). */
const crcTable = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});
function crc32(bytes) {
	let c = 0xffffffff;
	for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'ascii');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
	return Buffer.concat([head, data, crc]);
}

/** encodePng writes 8-bit RGBA pixels as a PNG (filter 0 on every row). */
function encodePng(size, rgba) {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(size, 0);
	ihdr.writeUInt32BE(size, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 6; // colour type RGBA
	const raw = Buffer.alloc(size * (size * 4 + 1));
	for (let y = 0; y < size; y++) {
		raw[y * (size * 4 + 1)] = 0;
		rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
	}
	const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	return Buffer.concat([
		signature,
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(raw, { level: 9 })),
		chunk('IEND', Buffer.alloc(0))
	]);
}

function roundedBox(x, y, cx, cy, hw, hh, r) {
	const dx = Math.abs(x - cx) - (hw - r);
	const dy = Math.abs(y - cy) - (hh - r);
	return Math.hypot(Math.max(dx, 0), Math.max(dy, 0)) + Math.min(Math.max(dx, dy), 0) - r;
}

/**
 * colourAt picks the colour of one point in unit coordinates (0..1): a cassette shell with a
 * window and two reels. `inset` shrinks the drawing into the maskable safe zone.
 */
function colourAt(x, y, { inset, rounded }) {
	if (rounded && roundedBox(x, y, 0.5, 0.5, 0.5, 0.5, 0.18) > 0) return null;
	const s = 1 - 2 * inset;
	const u = (x - inset) / s;
	const v = (y - inset) / s;
	if (roundedBox(u, v, 0.5, 0.5, 0.4, 0.27, 0.06) <= 0) {
		const reelL = Math.hypot(u - 0.34, v - 0.46);
		const reelR = Math.hypot(u - 0.66, v - 0.46);
		if (reelL <= 0.045 || reelR <= 0.045) return colours.shell;
		if (reelL <= 0.09 || reelR <= 0.09) return colours.reel;
		if (roundedBox(u, v, 0.5, 0.46, 0.26, 0.11, 0.05) <= 0) return colours.window;
		if (roundedBox(u, v, 0.5, 0.7, 0.2, 0.04, 0.02) <= 0) return colours.window;
		return colours.shell;
	}
	return colours.background;
}

/** drawIcon renders with 4×4 supersampling so edges are smooth at 192 px. */
function drawIcon(size, options) {
	const rgba = Buffer.alloc(size * size * 4);
	const n = 4;
	for (let py = 0; py < size; py++) {
		for (let px = 0; px < size; px++) {
			const sum = [0, 0, 0, 0];
			for (let sy = 0; sy < n; sy++) {
				for (let sx = 0; sx < n; sx++) {
					const c = colourAt((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size, options);
					if (!c) continue;
					sum[0] += c[0];
					sum[1] += c[1];
					sum[2] += c[2];
					sum[3] += 255;
				}
			}
			const covered = sum[3] / 255;
			const i = (py * size + px) * 4;
			if (covered > 0) {
				rgba[i] = Math.round(sum[0] / covered);
				rgba[i + 1] = Math.round(sum[1] / covered);
				rgba[i + 2] = Math.round(sum[2] / covered);
			}
			rgba[i + 3] = Math.round(sum[3] / (n * n));
		}
	}
	return encodePng(size, rgba);
}

const icons = [
	{ file: 'icon-192.png', size: 192, options: { inset: 0.04, rounded: true } },
	{ file: 'icon-512.png', size: 512, options: { inset: 0.04, rounded: true } },
	// Maskable icons are cropped to a circle of 80 % diameter: keep the drawing inside it
	// and fill the whole square (W3C Web App Manifest, "icon masks").
	{ file: 'icon-maskable-512.png', size: 512, options: { inset: 0.14, rounded: false } },
	{ file: 'apple-touch-icon.png', size: 180, options: { inset: 0.06, rounded: false } }
];

mkdirSync(outDir, { recursive: true });
for (const { file, size, options } of icons) {
	writeFileSync(join(outDir, file), drawIcon(size, options));
	console.log(`wrote static/icons/${file}`);
}
