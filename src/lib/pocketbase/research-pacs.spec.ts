import { describe, expect, it } from 'vitest';
import { jsonLines } from './research-pacs';

/** streamOf sends `chunks` as separate reads, as a network delivers them. */
function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	return new ReadableStream({
		start(controller) {
			for (const c of chunks) controller.enqueue(encoder.encode(c));
			controller.close();
		}
	});
}

async function collect(chunks: string[]): Promise<unknown[]> {
	const out: unknown[] = [];
	for await (const line of jsonLines(streamOf(chunks))) out.push(line);
	return out;
}

describe('jsonLines', () => {
	it('yields each line once it is whole, across chunk boundaries and split characters', async () => {
		const text = '{"type":"start","cases":[{"id":"a","title":"Hígado"}]}\n{"type":"case","case":"a"}\n{"type":"done"}\n';
		const bytes = new TextEncoder().encode(text);
		// cut inside the two-byte "í" too: the decoder must carry it into the next chunk
		const cut = text.indexOf('í') + 1;
		const chunks = [bytes.slice(0, cut), bytes.slice(cut, 70), bytes.slice(70)];
		const stream = new ReadableStream<Uint8Array>({
			start(c) {
				for (const chunk of chunks) c.enqueue(chunk);
				c.close();
			}
		});
		const out: unknown[] = [];
		for await (const line of jsonLines(stream)) out.push(line);
		expect(out).toEqual([{ type: 'start', cases: [{ id: 'a', title: 'Hígado' }] }, { type: 'case', case: 'a' }, { type: 'done' }]);
	});

	it('reads a last line without a newline and skips blank lines', async () => {
		expect(await collect(['{"a":1}\n\n', '{"b":2}'])).toEqual([{ a: 1 }, { b: 2 }]);
	});

	it('fails on a line that is not JSON instead of skipping it', async () => {
		await expect(collect(['{"a":1}\nnot json\n'])).rejects.toThrow(SyntaxError);
	});
});
