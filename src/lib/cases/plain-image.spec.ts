import { describe, expect, it } from 'vitest';
import { plainImage } from './plain-image';

const NAME = 'Doe^John 1970-01-01';
const text = (s: string) => [...new TextEncoder().encode(s)];
const segment = (marker: number, body: number[]) => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];
const has = (bytes: Uint8Array, s: string) => new TextDecoder('latin1').decode(bytes).includes(s);

// A baseline JPEG's structure: the tables and scan are opaque bytes here, kept as they are.
const jfif = segment(0xe0, [...text('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
const dqt = segment(0xdb, [0, ...Array.from({ length: 64 }, (_, i) => i + 1)]);
const sof = segment(0xc0, [8, 0, 16, 0, 16, 1, 1, 0x11, 0]);
const dht = segment(0xc4, [0, ...Array(16).fill(0).map((_, i) => (i === 0 ? 1 : 0)), 0]);
const sos = [...segment(0xda, [1, 1, 0, 0, 63, 0]), 0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56];
const eoi = [0xff, 0xd9];

describe('plainImage (JPEG)', () => {
	it('given a JPEG with EXIF, an ICC profile, a comment, fill bytes and a trailer naming the patient, then only the image is left', () => {
		const input = new Uint8Array([
			0xff, 0xd8,
			...jfif,
			...segment(0xe1, [...text('Exif'), 0, 0, ...text(NAME)]),
			...segment(0xe2, [...text('ICC_PROFILE'), 0, 1, 1, ...text(NAME)]),
			0xff, // a fill byte before the next marker
			...dqt,
			...segment(0xfe, text(NAME)),
			...sof,
			...dht,
			...sos,
			...eoi,
			...text(NAME)
		]);
		expect(has(input, NAME)).toBe(true);
		const out = plainImage(input, 'image/jpeg');
		expect(has(out, NAME)).toBe(false);
		expect([...out]).toEqual([0xff, 0xd8, ...jfif, ...dqt, ...sof, ...dht, ...sos, ...eoi]);
	});

	it('given a plain JPEG, then it comes back byte for byte', () => {
		const input = new Uint8Array([0xff, 0xd8, ...jfif, ...dqt, ...sof, ...dht, ...sos, ...eoi]);
		expect([...plainImage(input, 'image/jpeg')]).toEqual([...input]);
	});

	it('given bytes that are not a JPEG as declared, then they are left for the server to refuse', () => {
		const input = new Uint8Array([0xff, 0xd8, 0x00, 0x01, 0x02]);
		expect(plainImage(input, 'image/jpeg')).toBe(input);
	});
});

const chunk = (name: string, body: number[]) => [0, 0, body.length >> 8, body.length & 0xff, ...text(name), ...body, 1, 2, 3, 4];
const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('plainImage (PNG)', () => {
	it('given a PNG with text, an ICC profile named after the patient, a private chunk and a trailer, then only the image chunks are left', () => {
		const ihdr = chunk('IHDR', [0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
		const srgb = chunk('sRGB', [0]);
		const idat = chunk('IDAT', [0x78, 0x9c, 0x63, 0, 0, 0, 2, 0, 1]);
		const iend = chunk('IEND', []);
		const input = new Uint8Array([
			...signature,
			...ihdr,
			...chunk('iCCP', [...text(NAME), 0, 0, 1, 2]),
			...chunk('tEXt', [...text('Author'), 0, ...text(NAME)]),
			...srgb,
			...chunk('prVt', text(NAME)),
			...idat,
			...iend,
			...text(NAME)
		]);
		const out = plainImage(input, 'image/png');
		expect(has(out, NAME)).toBe(false);
		expect([...out]).toEqual([...signature, ...ihdr, ...srgb, ...idat, ...iend]);
	});
});
