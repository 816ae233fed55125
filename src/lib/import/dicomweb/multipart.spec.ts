import { describe, expect, it } from 'vitest';
import { ascii } from './byte-window';
import { boundaryOf, MultipartError, readMultipart, type MultipartPart } from './multipart';

const BOUNDARY = 'b0und-4ry';

/** body builds a multipart/related body; parts whose length is null get no Content-Length. */
function body(parts: { bytes: Uint8Array; length: boolean }[], preamble = ''): Uint8Array {
	const pieces: Uint8Array[] = [ascii(preamble)];
	for (const { bytes, length } of parts) {
		pieces.push(ascii(`--${BOUNDARY}\r\nContent-Type: application/dicom\r\n${length ? `Content-Length: ${bytes.length}\r\n` : ''}\r\n`), bytes, ascii('\r\n'));
	}
	pieces.push(ascii(`--${BOUNDARY}--\r\n`));
	const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of pieces) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

function streamOf(bytes: Uint8Array, cuts: number[]): { stream: ReadableStream<Uint8Array>; cancelled: () => boolean } {
	const chunks: Uint8Array[] = [];
	let from = 0;
	for (const cut of [...cuts, bytes.length]) {
		if (cut > from) chunks.push(bytes.slice(from, cut));
		from = Math.max(from, cut);
	}
	let cancelled = false;
	const stream = new ReadableStream<Uint8Array>({
		pull(controller) {
			const next = chunks.shift();
			if (next) controller.enqueue(next);
			else controller.close();
		},
		cancel() {
			cancelled = true;
		}
	});
	return { stream, cancelled: () => cancelled };
}

async function collect(stream: ReadableStream<Uint8Array>, options = {}): Promise<MultipartPart[]> {
	const parts: MultipartPart[] = [];
	for await (const part of readMultipart(stream, BOUNDARY, options)) parts.push(part);
	return parts;
}

// bodies that look like the delimiter without being it: a CRLF, "--", and the boundary minus its last byte
const tricky = ascii(`\r\n--${BOUNDARY.slice(0, -1)}x\r\n--\r\n\r\n--${BOUNDARY}`.slice(0, -1));
const PARTS = [
	{ bytes: Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff), length: true },
	{ bytes: tricky, length: false },
	{ bytes: new Uint8Array(0), length: false },
	{ bytes: tricky, length: true }
];

describe('boundaryOf', () => {
	it('reads quoted and bare boundaries, and refuses what is not multipart', () => {
		expect(boundaryOf('multipart/related; type="application/dicom"; boundary=abc-123')).toBe('abc-123');
		expect(boundaryOf('multipart/related; boundary="a b:c"; type="application/dicom"')).toBe('a b:c');
		expect(() => boundaryOf('application/dicom+json')).toThrow(MultipartError);
		expect(() => boundaryOf('multipart/related; type="application/dicom"')).toThrow(/boundary|multipart/);
		expect(() => boundaryOf(null)).toThrow(MultipartError);
	});
});

describe('readMultipart', () => {
	const whole = body(PARTS, 'a preamble that is ignored\r\n');

	it('yields every part, with and without Content-Length, whatever the chunking: cut at every single position', async () => {
		for (let cut = 0; cut <= whole.length; cut++) {
			const parts = await collect(streamOf(whole, [cut]).stream);
			expect(parts.map((p) => Array.from(p.body)), `cut at ${cut}`).toEqual(PARTS.map((p) => Array.from(p.bytes)));
		}
	});

	it('reads one byte at a time and in random chunk sizes', async () => {
		const oneByOne = await collect(streamOf(whole, Array.from({ length: whole.length }, (_, i) => i)).stream);
		expect(oneByOne.map((p) => p.body)).toEqual(PARTS.map((p) => p.bytes));
		let seed = 42;
		for (let run = 0; run < 50; run++) {
			const cuts: number[] = [];
			for (let at = 0; at < whole.length; ) {
				seed = (seed * 1103515245 + 12345) % 2 ** 31;
				at += 1 + (seed % 97);
				cuts.push(at);
			}
			const parts = await collect(streamOf(whole, cuts).stream);
			expect(parts.map((p) => p.body)).toEqual(PARTS.map((p) => p.bytes));
		}
	});

	it('parses part headers with names lower-cased', async () => {
		const [first] = await collect(streamOf(whole, []).stream);
		expect(first.headers).toEqual({ 'content-type': 'application/dicom', 'content-length': '300' });
	});

	it('yields a part before the rest of the response has arrived', async () => {
		let sendRest: () => void = () => undefined;
		const stream = new ReadableStream<Uint8Array>({
			start(controller) {
				controller.enqueue(whole.slice(0, whole.indexOf(0x0d, 360) + 200));
				sendRest = () => {
					controller.enqueue(whole.slice(whole.indexOf(0x0d, 360) + 200));
					controller.close();
				};
			}
		});
		const parts = readMultipart(stream, BOUNDARY);
		const first = await parts.next();
		expect(first.value?.body.length).toBe(300);
		sendRest();
		let rest = 0;
		for await (const _ of parts) rest++;
		expect(rest).toBe(3);
	});

	it('reports the bytes received as they arrive', async () => {
		const seen: number[] = [];
		await collect(streamOf(whole, [100, 200, 400]).stream, { onBytes: (n: number) => seen.push(n) });
		expect(seen).toEqual([100, 200, 400, whole.length]);
	});

	it('fails clearly on a truncated response, a part longer than its Content-Length, and a body with no boundary', async () => {
		await expect(collect(streamOf(whole.slice(0, 250), []).stream)).rejects.toThrow(/ended after/);
		const lying = ascii(`--${BOUNDARY}\r\nContent-Length: 2\r\n\r\nabcdef\r\n--${BOUNDARY}--`);
		await expect(collect(streamOf(lying, []).stream)).rejects.toThrow(/longer than its Content-Length/);
		await expect(collect(streamOf(ascii('{"not":"multipart"}'), []).stream)).rejects.toThrow(/first boundary/);
	});

	it('stops on abort with an AbortError and cancels the download', async () => {
		const controller = new AbortController();
		const { stream, cancelled } = streamOf(whole, Array.from({ length: 40 }, (_, i) => i * 20));
		const parts = readMultipart(stream, BOUNDARY, { signal: controller.signal });
		await parts.next();
		controller.abort();
		await expect(parts.next()).rejects.toMatchObject({ name: 'AbortError' });
		expect(cancelled()).toBe(true);
	});

	it('cancels the download when the consumer stops early', async () => {
		const { stream, cancelled } = streamOf(whole, Array.from({ length: 30 }, (_, i) => i * 20));
		for await (const _ of readMultipart(stream, BOUNDARY)) break;
		expect(cancelled()).toBe(true);
	});

	it('reads a 4 MB part from 1 KiB chunks with the boundary split across them', async () => {
		const big = Uint8Array.from({ length: 4 * 1024 * 1024 }, (_, i) => (i * 31) >> 3);
		const bytes = body([{ bytes: big, length: false }, { bytes: big, length: true }]);
		const parts = await collect(streamOf(bytes, Array.from({ length: Math.ceil(bytes.length / 1021) }, (_, i) => i * 1021)).stream);
		expect(parts).toHaveLength(2);
		expect(parts.every((p) => p.body.length === big.length && p.body[123457] === big[123457] && p.body[big.length - 1] === big[big.length - 1])).toBe(true);
	});
});
