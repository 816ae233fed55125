/** scenario: the requests readers and contributors make, as autocannon options. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Slices {
	caseId: string;
	/** paths of the first series' slices in scroll order, e.g. /api/files/images/<id>/<name> */
	paths: string[];
	/** a preview the server accepted, reused as the contributors' upload */
	jpeg: Uint8Array;
}

async function json<T>(url: string, init?: RequestInit): Promise<T> {
	const res = await fetch(url, init);
	if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
	return (await res.json()) as T;
}

/** publishedSlices finds the seeded published case and its longest series' slices, as a guest. */
export async function publishedSlices(base: string): Promise<Slices> {
	const cases = await json<{ items: { id: string }[] }>(`${base}/api/collections/cases/records?perPage=1`);
	const caseId = cases.items[0].id;
	const series = await json<{ items: { id: string; slice_count: number }[] }>(`${base}/api/collections/series/records?filter=${encodeURIComponent(`case='${caseId}'`)}&sort=-slice_count`);
	const images = await json<{ items: { id: string; preview: string }[] }>(
		`${base}/api/collections/images/records?filter=${encodeURIComponent(`series='${series.items[0].id}'`)}&sort=index&perPage=500&fields=id,preview`
	);
	const paths = images.items.map((i) => `/api/files/images/${i.id}/${i.preview}`);
	const jpeg = new Uint8Array(await (await fetch(base + paths[0])).arrayBuffer());
	// a 404 here would make every measured request an error; say so instead
	if (paths.length === 0 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error(`${base}${paths[0]}: not a JPEG slice`);
	return { caseId, paths, jpeg };
}

/** copySlices writes the slices under dir at the same paths, for the static file server. */
export async function copySlices(base: string, slices: Slices, dir: string): Promise<void> {
	for (const p of slices.paths) {
		const bytes = new Uint8Array(await (await fetch(base + p)).arrayBuffer());
		mkdirSync(join(dir, p, '..'), { recursive: true });
		writeFileSync(join(dir, p), bytes);
	}
}

/** readerRequests: open the case (its bundle) then fetch every slice in scroll order, again and again. */
export function readerRequests(slices: Slices, withBundle = true) {
	const reads = slices.paths.map((path) => ({ method: 'GET' as const, path }));
	return withBundle ? [{ method: 'GET' as const, path: `/api/cassette/cases/${slices.caseId}/bundle` }, ...reads] : reads;
}

/** draftSeries creates one draft case with one series per contributor (the demo user) and returns the series ids and the token. */
export async function draftSeries(base: string, email: string, password: string, count: number): Promise<{ token: string; series: string[] }> {
	const auth = await json<{ token: string; record: { id: string } }>(`${base}/api/collections/users/auth-with-password`, {
		method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identity: email, password })
	});
	const post = (collection: string, body: object) =>
		json<{ id: string }>(`${base}/api/collections/${collection}/records`, {
			method: 'POST', headers: { 'content-type': 'application/json', authorization: auth.token }, body: JSON.stringify(body)
		});
	const series: string[] = [];
	for (let i = 0; i < count; i++) {
		const c = await post('cases', { author: auth.record.id, title: `Load ${i}`, category: 'abdomen', status: 'draft' });
		series.push((await post('series', { case: c.id, plane: 'axial' })).id);
	}
	return { token: auth.token, series };
}

/** uploadRequest is one slice upload (multipart: series, index, preview); every call takes the next (series, index), round robin. */
export function uploadRequest(series: string[], jpeg: Uint8Array) {
	let n = 0;
	const boundary = '----cassette-load-boundary';
	return () => {
		const s = series[n % series.length], index = Math.floor(n / series.length);
		n++;
		const head = Buffer.from(
			`--${boundary}\r\nContent-Disposition: form-data; name="series"\r\n\r\n${s}\r\n` +
				`--${boundary}\r\nContent-Disposition: form-data; name="index"\r\n\r\n${index}\r\n` +
				`--${boundary}\r\nContent-Disposition: form-data; name="preview"; filename="slice.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`
		);
		const body = Buffer.concat([head, Buffer.from(jpeg), Buffer.from(`\r\n--${boundary}--\r\n`)]);
		return { body, contentType: `multipart/form-data; boundary=${boundary}` };
	};
}
