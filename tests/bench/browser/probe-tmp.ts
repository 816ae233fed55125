import { DicomWorkerPool } from '$lib/workers';
export async function probe(files: File[]) {
	const pool = new DicomWorkerPool({ size: 1 });
	const ctx = { secret: 'x', dateOffsetDays: -3 };
	const buffers = await Promise.all(files.map((f) => f.arrayBuffer()));
	await pool.process(0, 'w', buffers[0].slice(0), ctx, {});
	let s = performance.now();
	for (const b of buffers) await pool.process(0, 'a', b.slice(0), ctx, {});
	const sequential = (performance.now() - s) / files.length;
	s = performance.now();
	await Promise.all(buffers.map((b) => pool.process(0, 'a', b, ctx, {})));
	const parallel = (performance.now() - s) / files.length;
	pool.dispose();
	return { sequential, parallel };
}
