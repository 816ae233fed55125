import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseDicom } from './parse';
import { DicomParseError } from './parse-error';
import { T } from './tags';
import { readTestFile } from '../../../tests/support/pydicom-files';

/** outcome parses and returns 'ok', or the DicomParseError code; any other exception fails the test. */
function outcome(bytes: Uint8Array, options = {}): string {
	try {
		parseDicom(bytes, options);
		return 'ok';
	} catch (err) {
		if (err instanceof DicomParseError) return err.code;
		throw err;
	}
}

/** explicitLE builds an Explicit VR Little Endian element header (+ value). */
function el(group: number, element: number, vr: string, value: Uint8Array | number): Uint8Array {
	const long = ['OB', 'OW', 'SQ', 'UN', 'UT', 'UC', 'UR', 'OF', 'OD', 'OL', 'OV', 'SV', 'UV'].includes(vr);
	const length = typeof value === 'number' ? value : value.length;
	const head = new Uint8Array(long ? 12 : 8);
	const v = new DataView(head.buffer);
	v.setUint16(0, group, true);
	v.setUint16(2, element, true);
	head[4] = vr.charCodeAt(0);
	head[5] = vr.charCodeAt(1);
	if (long) v.setUint32(8, length, true);
	else v.setUint16(6, length, true);
	return typeof value === 'number' ? head : concat(head, value);
}

function item(group: number, element: number, length: number): Uint8Array {
	const b = new Uint8Array(8);
	const v = new DataView(b.buffer);
	v.setUint16(0, group, true);
	v.setUint16(2, element, true);
	v.setUint32(4, length, true);
	return b;
}

function concat(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

const ascii = (s: string) => new TextEncoder().encode(s);

/** nested builds a bare Explicit VR LE dataset with `depth` undefined-length sequences inside each other. */
function nested(depth: number): Uint8Array {
	const open = concat(el(0x0008, 0x1115, 'SQ', 0xffffffff), item(0xfffe, 0xe000, 0xffffffff));
	const close = concat(item(0xfffe, 0xe00d, 0), item(0xfffe, 0xe0dd, 0));
	const parts: Uint8Array[] = [el(0x0008, 0x0060, 'CS', ascii('CT'))];
	for (let i = 0; i < depth; i++) parts.push(open);
	parts.push(el(0x0010, 0x0010, 'PN', ascii('Deep^Name ')));
	for (let i = 0; i < depth; i++) parts.push(close);
	return concat(...parts);
}

describe('parseDicom on malformed input', () => {
	it.each(['CT_small.dcm', 'rtplan.dcm', 'image_dfl.dcm', 'MR_small_bigendian.dcm', 'SC_rgb_rle_2frame.dcm', 'UN_sequence.dcm'])(
		'gives a result or a DicomParseError for %s cut at every offset',
		(name) => {
			const whole = readTestFile(name);
			const codes = new Set<string>();
			for (let cut = 0; cut < whole.length; cut++) {
				const code = outcome(whole.subarray(0, cut));
				codes.add(code);
				// With allowPartial only the meta header (not partial) may still fail.
				const partial = outcome(whole.subarray(0, cut), { allowPartial: true });
				if (partial !== 'ok') expect(['truncated', 'not-dicom', 'bad-deflate', 'bad-length']).toContain(partial);
			}
			expect(codes.has('truncated')).toBe(true);
		}
	);

	it('stops inflating a deflate bomb at the limit, before it is in memory, and still reads a dataset under it', () => {
		// A Deflated file whose 64 MiB of zeros deflate to about 64 KB (ratio ~1000:1).
		const meta = concat(el(0x0002, 0x0010, 'UI', ascii('1.2.840.10008.1.2.1.99')));
		const header = concat(new Uint8Array(128), ascii('DICM'), el(0x0002, 0x0000, 'UL', new Uint8Array(new Uint32Array([meta.length]).buffer)), meta);
		const body = concat(el(0x0008, 0x0060, 'CS', ascii('OT')), el(0x0009, 0x1010, 'OB', new Uint8Array(64 * 1024 * 1024)));
		const bomb = concat(header, deflateSync(body));
		expect(bomb.length).toBeLessThan(200_000);
		let error: unknown;
		try {
			parseDicom(bomb, { maxInflatedBytes: 16 * 1024 * 1024 });
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(DicomParseError);
		expect((error as DicomParseError).code).toBe('too-large');
		expect((error as DicomParseError).message).toMatch(/more than 16 MiB/);
		// Under the default limit (512 MiB) the same file is read whole.
		expect(parseDicom(bomb).dataset.get(0x00091010)!.length).toBe(64 * 1024 * 1024);
	});

	it('rejects huge declared lengths cleanly', () => {
		const bytes = readTestFile('MR_small.dcm').slice();
		const file = parseDicom(bytes);
		const rows = file.dataset.get(T.SeriesInstanceUID)!;
		new DataView(bytes.buffer).setUint16(rows.start + 6, 0xffff, true);
		expect(['bad-length', 'truncated', 'bad-vr']).toContain(outcome(bytes));
		const pixels = file.dataset.get(T.PixelData)!;
		const huge = readTestFile('MR_small.dcm').slice();
		new DataView(huge.buffer).setUint32(pixels.start + 8, 0xfffffff0, true);
		expect(outcome(huge)).toBe('bad-length');
		const seq = concat(el(0x0008, 0x1115, 'SQ', 0xffffffff), item(0xfffe, 0xe000, 0x7ffffff0));
		expect(outcome(seq)).toBe('bad-length');
	});

	it('limits nesting depth and survives 1000-deep sequences', () => {
		expect(outcome(nested(10))).toBe('ok');
		expect(outcome(nested(1000))).toBe('too-deep');
		expect(outcome(nested(100), { maxDepth: 200 })).toBe('ok');
		// an absurd limit still ends cleanly, whether parsed or stopped by the engine's stack
		expect(['ok', 'too-deep']).toContain(outcome(nested(1000), { maxDepth: 1_000_000 }));
		expect(['ok', 'too-deep']).toContain(outcome(nested(50_000), { maxDepth: 1_000_000 }));
	});

	it('rejects invalid VRs and stray items', () => {
		const bytes = readTestFile('CT_small.dcm').slice();
		const target = parseDicom(bytes).dataset.get(T.Modality)!;
		bytes[target.start + 4] = 0x3f;
		bytes[target.start + 5] = 0x00;
		expect(outcome(bytes)).toBe('bad-vr');
		expect(outcome(concat(el(0x0008, 0x0060, 'CS', ascii('CT')), item(0xfffe, 0xe000, 4), ascii('abcd')))).toBe('bad-item');
		const badSeq = concat(el(0x0008, 0x1115, 'SQ', 8), item(0x0008, 0x0060, 0));
		expect(outcome(badSeq)).toBe('bad-item');
	});

	it('survives random corruption of a real file (seeded)', () => {
		const whole = readTestFile('rtplan.dcm');
		let seed = 12345;
		const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 0x100000000);
		const seen = new Set<string>();
		for (let round = 0; round < 2000; round++) {
			const bytes = whole.slice();
			for (let k = 0; k < 4; k++) bytes[132 + Math.floor(random() * (bytes.length - 132))] = Math.floor(random() * 256);
			seen.add(outcome(bytes));
		}
		expect(seen.size).toBeGreaterThan(1);
	});

	it('tolerates odd value lengths', () => {
		const odd = concat(el(0x0008, 0x0060, 'CS', ascii('CT ')), el(0x0010, 0x0010, 'PN', ascii('Odd^Name')));
		const file = parseDicom(odd);
		expect(file.dataset.elements.map((e) => e.length)).toEqual([3, 8]);
	});
});
