/**
 * The outbox against the real server. Needs: the Go toolchain (to build `pocketbase/` once, unless
 * `pocketbase/cassette-server` is newer than its sources), a free local port, and pydicom's test
 * files (Debian's python3-pydicom) for a real CT to de-identify. No network beyond 127.0.0.1.
 */
import 'fake-indexeddb/auto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyDraft, type DraftCase, type DraftImage, type DraftSeries } from '../cases/types';
import { deidentify } from '../dicom/deid/deidentify';
import type { PhiRecord } from '../dicom/deid/phi-types';
import { parseDicom } from '../dicom/parse';
import { encodePng } from '../dicom/render/png';
import { getImage, getOutbox, listImageIds, loadDraft, putImages, putPhi, replaceImage, saveDraft, saveSeries } from '../db/drafts';
import { openCassetteDb, type DraftsDb } from '../db/open';
import { publishCase, type OutboxDeps } from './outbox';
import { startServer, type TestServer } from '../../../tests/support/test-server';

const CT = '/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm';
const FAST_RETRY = { attempts: 3, baseMs: 1, maxMs: 5 };

let server: TestServer;
let dicom: ArrayBuffer;
let phi: PhiRecord;
let dbCounter = 0;

beforeAll(async () => {
	server = await startServer();
	const result = deidentify(parseDicom(new Uint8Array(readFileSync(CT))), { secret: 'outbox-test', dateOffsetDays: -100, timeOffsetSeconds: 45_296 });
	dicom = result.bytes.slice().buffer;
	phi = result.phi;
}, 600_000);

afterAll(async () => {
	await server?.stop();
});

function preview(seed: number): ArrayBuffer {
	const rgba = new Uint8ClampedArray(16 * 16 * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * seed) % 256));
	return encodePng({ width: 16, height: 16, rgba }).slice().buffer;
}

/** makeDraft stores a consented CT case with two series (3 + 4 slices, the second trimmed to 3). */
async function makeDraft(db: DraftsDb, over: Partial<DraftCase> = {}): Promise<DraftCase> {
	const caseId = `case${dbCounter}x${Date.now()}`;
	const draft: DraftCase = {
		...emptyDraft(1, caseId),
		title: 'Hepatocarcinoma multifocal',
		category: 'abdomen',
		content: 'Lesiones hipervasculares con lavado.',
		researchConsent: true,
		icd11Code: 'DB92',
		icd11Title: 'Non-alcoholic fatty liver disease',
		regions: ['couinaud_7'],
		phiAcknowledged: true,
		phiAcknowledgedAt: '2026-11-21T10:00:00.000Z',
		...over
	};
	await saveDraft(db, draft);
	await putPhi(db, caseId, phi);
	const series: DraftSeries[] = [
		{ clientId: `${caseId}s1`, caseId, plane: 'axial', description: 'Fase arterial', modality: 'CT', windowCenter: 40, windowWidth: 400, sliceRange: null, order: 0, headerImage: 1, publish: true },
		{ clientId: `${caseId}s2`, caseId, plane: 'coronal', description: 'Portal', modality: 'CT', windowCenter: 50, windowWidth: 350, sliceRange: { first: 1, last: 3 }, order: 1, headerImage: null, publish: true }
	];
	const images: DraftImage[] = [];
	series.forEach((s, n) => {
		for (let index = 0; index < 3 + n; index++) {
			images.push({ clientId: `${s.clientId}i${index}`, caseId, seriesId: s.clientId, index, previewType: 'image/png', preview: preview(index + 1), dicom });
		}
	});
	for (const s of series) await saveSeries(db, s);
	await putImages(db, images);
	return draft;
}

interface CountingFetch {
	fetch: typeof fetch;
	requests: { method: string; url: string }[];
}

/** countingFetch records every request; `fail(n)` decides, per request number, whether the network is down for it. */
function countingFetch(fail: (n: number, method: string, url: string) => 'ok' | 'drop-response' | 'down' = () => 'ok'): CountingFetch {
	const requests: { method: string; url: string }[] = [];
	const wrapped: typeof fetch = async (input, init) => {
		const url = String(input);
		const method = init?.method ?? 'GET';
		const n = requests.length;
		const mode = fail(n, method, url);
		if (mode === 'down') throw new TypeError('fetch failed: network is down');
		requests.push({ method, url });
		const response = await fetch(input, init);
		if (mode === 'drop-response') throw new TypeError('fetch failed: connection reset');
		return response;
	};
	return { fetch: wrapped, requests };
}

async function serverCounts(clientId: string) {
	const cases = await server.admin.collection('cases').getFullList({ filter: server.admin.filter('client_id = {:c}', { c: clientId }) });
	const ids = cases.map((c) => c.id);
	const series = ids.length ? await server.admin.collection('series').getFullList({ filter: server.admin.filter('case = {:c}', { c: ids[0] }) }) : [];
	const images = ids.length ? await server.admin.collection('images').getFullList({ filter: server.admin.filter('series.case = {:c}', { c: ids[0] }) }) : [];
	return { cases, series, images };
}

function deps(db: DraftsDb, pb: PocketBase, net: CountingFetch): OutboxDeps {
	return { db, pb, fetch: net.fetch, retry: FAST_RETRY, random: () => 0.5, publicUrl: (id) => `${server.url}/cases/${id}` };
}

/** storedFilesHolding lists the files under the server's storage directory whose bytes contain `bytes`. */
function storedFilesHolding(bytes: Uint8Array): string[] {
	const root = join(server.dir, 'storage');
	const files = readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
	return files.filter((f) => readFileSync(f).includes(Buffer.from(bytes)));
}

/** storedPathsNaming lists the paths under the server's storage directory (thumbnails included) that contain one of `names`. */
function storedPathsNaming(names: readonly string[]): string[] {
	const root = join(server.dir, 'storage');
	return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((p) => names.some((n) => p.includes(n)));
}

const imagePosts = (net: CountingFetch) => net.requests.filter((r) => r.method === 'POST' && r.url.includes('/collections/images/records'));

describe('outbox against the real cassette-server', () => {
	it('publishes a consented CT case: case, series, every slice with its DICOM, header image, then published', async () => {
		const db = await openCassetteDb(`outbox-${dbCounter++}`);
		const draft = await makeDraft(db);
		const pb = await server.signIn();
		const net = countingFetch();
		const progress = await publishCase(draft.clientId, deps(db, pb, net));
		expect(progress).toMatchObject({ phase: 'done', error: '', filesTotal: 12, filesDone: 12 });
		expect(progress.bytesDone).toBe(progress.bytesTotal);

		const { cases, series, images } = await serverCounts(draft.clientId);
		expect(cases).toHaveLength(1);
		expect(cases[0]).toMatchObject({ status: 'published', research_consent: true, icd11_code: 'DB92', author: server.user.id, region_of_interest: 'couinaud_7' });
		// stored names are the server's own, never derived from the uploaded name (hooks/uploads_names.go)
		expect(cases[0].header_image).toMatch(/^header_image_[a-z0-9]{20}\.png$/);
		expect(series.map((s) => [s.plane, s.slice_count]).sort()).toEqual([['axial', 3], ['coronal', 3]]);
		expect(images).toHaveLength(6);
		expect(images.every((i) => i.dicom && i.preview)).toBe(true);
		expect(images.every((i) => /^preview_[a-z0-9]{20}\.png$/.test(String(i.preview)) && /^dicom_[a-z0-9]{20}\.dcm$/.test(String(i.dicom)))).toBe(true);
		expect(imagePosts(net)).toHaveLength(6);

		const local = await loadDraft(db, draft.clientId);
		expect(local?.draft).toMatchObject({ status: 'published', publicUrl: `${server.url}/cases/${cases[0].id}` });
		expect((await getOutbox(db, draft.clientId))?.phase).toBe('done');

		// publishing again sends no image and duplicates nothing
		const again = countingFetch();
		expect((await publishCase(draft.clientId, deps(db, pb, again))).phase).toBe('done');
		expect(imagePosts(again)).toHaveLength(0);
		expect((await serverCounts(draft.clientId)).images).toHaveLength(6);
		db.close();
	});

	it('after a connection dropped mid-upload, resumes sending only what the server has not acknowledged, without duplicates', async () => {
		const db = await openCassetteDb(`outbox-${dbCounter++}`);
		const draft = await makeDraft(db);
		const pb = await server.signIn();
		// The third image upload reaches the server but its response is lost; then the network is down.
		let imageUploads = 0;
		let down = false;
		const broken = countingFetch((_n, method, url) => {
			if (down) return 'down';
			if (method === 'POST' && url.includes('/collections/images/records') && ++imageUploads === 3) {
				down = true;
				return 'drop-response';
			}
			return 'ok';
		});
		const first = await publishCase(draft.clientId, deps(db, pb, broken));
		expect(first).toMatchObject({ phase: 'failed', error: 'network' });
		expect(first.filesDone).toBeLessThan(first.filesTotal);
		const stored = (await serverCounts(draft.clientId)).images.length;
		expect(stored).toBe(3);
		expect((await getOutbox(db, draft.clientId))?.uploaded).toHaveLength(2); // the lost response was never acknowledged
		expect((await loadDraft(db, draft.clientId))?.draft.status).toBe('draft');
		expect((await serverCounts(draft.clientId)).cases[0].status).toBe('draft');

		const healthy = countingFetch();
		const second = await publishCase(draft.clientId, deps(db, pb, healthy));
		expect(second.phase).toBe('done');
		expect(imagePosts(healthy)).toHaveLength(6 - stored);
		const { cases, series, images } = await serverCounts(draft.clientId);
		expect(cases).toHaveLength(1);
		expect(series).toHaveLength(2);
		expect(images).toHaveLength(6);
		expect(new Set(images.map((i) => i.client_id)).size).toBe(6);
		expect(cases[0].status).toBe('published');
		db.close();
	});

	it('a retry of a create whose response was lost finds the record instead of duplicating it', async () => {
		const db = await openCassetteDb(`outbox-${dbCounter++}`);
		const draft = await makeDraft(db);
		const pb = await server.signIn();
		let dropped = 0;
		const flaky = countingFetch((_n, method) => (method === 'POST' && dropped++ < 1 ? 'drop-response' : 'ok'));
		expect((await publishCase(draft.clientId, deps(db, pb, flaky))).phase).toBe('done');
		const { cases, images } = await serverCounts(draft.clientId);
		expect(cases).toHaveLength(1);
		expect(images).toHaveLength(6);
		db.close();
	});

	it('blocks a draft containing a PHI value before sending any request, and says where', async () => {
		const db = await openCassetteDb(`outbox-${dbCounter++}`);
		const name = phi.values.find((v) => v.sources.includes('PatientName'));
		expect(name).toBeDefined();
		const family = name!.value.split('^')[0];
		const draft = await makeDraft(db, { imaging_findings: `Control de ${family.toUpperCase()} sin cambios.` });
		const pb = await server.signIn();
		const net = countingFetch();
		const progress = await publishCase(draft.clientId, deps(db, pb, net));
		expect(progress).toMatchObject({ phase: 'blocked', error: 'phi_found' });
		expect(progress.hits).toContainEqual({ where: 'imaging_findings', part: 'field', kind: 'name', sources: expect.arrayContaining(['PatientName']) });
		expect(JSON.stringify(progress.hits).toLowerCase()).not.toContain(family.toLowerCase());
		expect(net.requests).toHaveLength(0);
		expect((await serverCounts(draft.clientId)).cases).toHaveLength(0);
		db.close();
	});

	it('without consent uploads previews only, never DICOM', async () => {
		const db = await openCassetteDb(`outbox-${dbCounter++}`);
		const draft = await makeDraft(db, { researchConsent: false, icd11Code: '', icd11Title: '' });
		const pb = await server.signIn();
		const progress = await publishCase(draft.clientId, deps(db, pb, countingFetch()));
		expect(progress).toMatchObject({ phase: 'done', filesTotal: 6 });
		const { cases, images } = await serverCounts(draft.clientId);
		expect(cases[0].research_consent).toBe(false);
		expect(images).toHaveLength(6);
		expect(images.every((i) => i.preview && !i.dicom)).toBe(true);
		db.close();
	});

	it('republishing an edited draft: consent given later adds the DICOM, a trimmed range deletes the extra slice, nothing is duplicated', async () => {
		const db = await openCassetteDb(`outbox-${dbCounter++}`);
		const draft = await makeDraft(db, { researchConsent: false, icd11Code: '' });
		const pb = await server.signIn();
		expect((await publishCase(draft.clientId, deps(db, pb, countingFetch()))).phase).toBe('done');
		expect((await serverCounts(draft.clientId)).images.filter((i) => i.dicom)).toHaveLength(0);

		await saveDraft(db, { ...draft, researchConsent: true, icd11Code: 'DB92', status: 'draft' });
		const loaded = await loadDraft(db, draft.clientId);
		await saveSeries(db, { ...loaded!.series[1], sliceRange: { first: 1, last: 2 } });
		const net = countingFetch();
		const progress = await publishCase(draft.clientId, deps(db, pb, net));
		expect(progress).toMatchObject({ phase: 'done', filesTotal: 10, filesDone: 10 });
		expect(imagePosts(net)).toHaveLength(0);
		expect(net.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
		const { cases, series, images } = await serverCounts(draft.clientId);
		expect(cases[0]).toMatchObject({ research_consent: true, status: 'published' });
		expect(series).toHaveLength(2);
		expect(images).toHaveLength(5);
		expect(images.every((i) => i.dicom)).toBe(true);
		expect(new Set(images.map((i) => i.client_id)).size).toBe(5);
		db.close();
	});

	it('an unticked series stays in the draft and off the server; ticked again, it is published', async () => {
		const db = await openCassetteDb(`outbox-${dbCounter++}`);
		const draft = await makeDraft(db);
		const [first, second] = (await loadDraft(db, draft.clientId))!.series;
		await saveSeries(db, { ...second, publish: false });
		const pb = await server.signIn();
		const net = countingFetch();
		expect(await publishCase(draft.clientId, deps(db, pb, net))).toMatchObject({ phase: 'done', filesTotal: 6 });
		expect(imagePosts(net)).toHaveLength(3);
		const once = await serverCounts(draft.clientId);
		expect(once.series.map((s) => s.client_id)).toEqual([first.clientId]);
		expect(once.images).toHaveLength(3);
		// still on the device, whole
		expect((await loadDraft(db, draft.clientId))!.series.map((s) => [s.clientId, s.publish])).toEqual([[first.clientId, true], [second.clientId, false]]);
		expect(await listImageIds(db, second.clientId)).toHaveLength(4);

		await saveDraft(db, { ...draft, status: 'draft' });
		await saveSeries(db, { ...second, publish: true });
		expect((await publishCase(draft.clientId, deps(db, pb, countingFetch()))).phase).toBe('done');
		const twice = await serverCounts(draft.clientId);
		expect(twice.series.map((s) => s.client_id).sort()).toEqual([first.clientId, second.clientId].sort());
		expect(twice.images).toHaveLength(6);
		db.close();
	});

	it('a photograph edited after publishing: the next publish deletes the old image and its file from the server and uploads the new one', async () => {
		const db = await openCassetteDb(`outbox-${dbCounter++}`);
		const caseId = `photo${Date.now()}`;
		await saveDraft(db, { ...emptyDraft(1, caseId), title: 'Herida con etiqueta', category: 'other', phiAcknowledged: true, phiAcknowledgedAt: '2026-11-21T10:00:00.000Z' });
		const seriesId = `${caseId}s`;
		await saveSeries(db, { clientId: seriesId, caseId, plane: 'other', description: '', modality: '', windowCenter: null, windowWidth: null, sliceRange: null, order: 0, headerImage: 0, publish: true });
		const photo = (index: number, seed: number): DraftImage => ({ clientId: `${seriesId}i${index}`, caseId, seriesId, index, previewType: 'image/png', preview: preview(seed), dicom: null });
		// seeds no other test uses: the byte search below runs over every case on this server
		await putImages(db, [photo(0, 13), photo(1, 17)]);
		const pb = await server.signIn();
		expect((await publishCase(caseId, deps(db, pb, countingFetch()))).phase).toBe('done');
		const oldBytes = new Uint8Array((await getImage(db, `${seriesId}i0`))!.preview);
		expect(storedFilesHolding(oldBytes)).toHaveLength(2); // the image and the case's header
		// readers' thumbnails of both (the home page shows the header's): made on request, stored beside the files
		const before = await serverCounts(caseId);
		const oldImage = before.images.find((i) => i.client_id === `${seriesId}i0`)!;
		const oldNames = [String(oldImage.preview), String(before.cases[0].header_image)];
		for (const url of [pb.files.getURL(oldImage, oldImage.preview, { thumb: '160x160' }), pb.files.getURL(before.cases[0], before.cases[0].header_image, { thumb: '480x270' })]) {
			expect((await fetch(url)).ok).toBe(true);
		}
		for (const name of oldNames) expect(storedPathsNaming([name]).filter((p) => p.includes(`thumbs_${name}/`))).not.toEqual([]);

		// what DraftEditor.editPhoto stores: the edited bytes under a new client id, at the same index
		const edited = { ...photo(0, 19), clientId: `${seriesId}edited` };
		expect(await replaceImage(db, `${seriesId}i0`, edited)).toBe(true);
		const net = countingFetch();
		expect(await publishCase(caseId, deps(db, pb, net))).toMatchObject({ phase: 'done', filesDone: 2, filesTotal: 2 });
		expect(imagePosts(net)).toHaveLength(1);
		expect(net.requests.filter((r) => r.method === 'DELETE' && r.url.includes('/collections/images/records'))).toHaveLength(1);

		const { cases, images } = await serverCounts(caseId);
		expect(images.map((i) => [i.client_id, i.index]).sort()).toEqual([[`${seriesId}edited`, 0], [`${seriesId}i1`, 1]]);
		expect(cases[0].status).toBe('published');
		// the old pixels are nowhere in the server's files; the new ones are the image and the header
		expect(storedFilesHolding(oldBytes)).toEqual([]);
		expect(storedPathsNaming(oldNames)).toEqual([]);
		expect(storedFilesHolding(new Uint8Array(edited.preview))).toHaveLength(2);
		db.close();
	});

	it('a 300-slice series goes up one image per request, with a constant number of other requests', async () => {
		const db = await openCassetteDb(`outbox-${dbCounter++}`);
		const caseId = `big${Date.now()}`;
		await saveDraft(db, { ...emptyDraft(1, caseId), title: 'TC de 300 cortes', category: 'abdomen', phiAcknowledged: true, phiAcknowledgedAt: '2026-11-21T10:00:00.000Z' });
		await putPhi(db, caseId, phi);
		const seriesId = `${caseId}s`;
		await saveSeries(db, { clientId: seriesId, caseId, plane: 'axial', description: '', modality: 'CT', windowCenter: 40, windowWidth: 400, sliceRange: null, order: 0, headerImage: null, publish: true });
		const tiny = preview(7);
		await putImages(db, Array.from({ length: 300 }, (_, index) => ({ clientId: `${seriesId}i${index}`, caseId, seriesId, index, previewType: 'image/png' as const, preview: tiny, dicom: null })));
		const net = countingFetch();
		const seen: number[] = [];
		const progress = await publishCase(caseId, { ...deps(db, await server.signIn(), net), onProgress: (p) => seen.push(p.filesDone) });
		expect(progress).toMatchObject({ phase: 'done', filesDone: 300, filesTotal: 300 });
		expect(imagePosts(net)).toHaveLength(300);
		expect(net.requests.length - 300).toBeLessThanOrEqual(6);
		// progress only ever moves forward, one file at a time
		expect(seen.filter((n, i) => i > 0 && n < seen[i - 1])).toEqual([]);
		expect(seen.at(-1)).toBe(300);
		const indexes = (await server.admin.collection('images').getFullList({ filter: server.admin.filter('series.case.client_id = {:c}', { c: caseId }), fields: 'index' })).map((r) => r.index);
		expect(indexes.sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i));
		db.close();
	});

	it('a server rejection ends the run with the server\'s reason and keeps the draft; no sign-in, no request', async () => {
		const db = await openCassetteDb(`outbox-${dbCounter++}`);
		const draft = await makeDraft(db);
		const unverified = { email: 'new@cassette.test', password: 'new-password-123' };
		await server.admin.collection('users').create({ ...unverified, passwordConfirm: unverified.password, username: 'newcomer', verified: false });
		const pb = new PocketBase(server.url);
		await pb.collection('users').authWithPassword(unverified.email, unverified.password);
		const progress = await publishCase(draft.clientId, deps(db, pb, countingFetch()));
		expect(progress).toMatchObject({ phase: 'failed', error: 'server_rejected' });
		expect(progress.errorDetail).toMatch(/verify your email/i);
		expect((await loadDraft(db, draft.clientId))?.draft.status).toBe('draft');

		const anonymous = countingFetch();
		expect(await publishCase(draft.clientId, deps(db, new PocketBase(server.url), anonymous))).toMatchObject({ phase: 'failed', error: 'not_signed_in' });
		expect(anonymous.requests).toHaveLength(0);
		db.close();
	});

	it('an invalid draft is blocked with its validation codes and sends nothing', async () => {
		const db = await openCassetteDb(`outbox-${dbCounter++}`);
		const draft = await makeDraft(db, { title: 'x'.repeat(101) });
		const net = countingFetch();
		const progress = await publishCase(draft.clientId, deps(db, await server.signIn(), net));
		expect(progress).toMatchObject({ phase: 'blocked', error: 'invalid', invalid: { title: ['title_too_long'] } });
		expect(net.requests).toHaveLength(0);
		db.close();
	});

	it('cancelling with an AbortSignal pauses, and a later run completes', async () => {
		const db = await openCassetteDb(`outbox-${dbCounter++}`);
		const draft = await makeDraft(db);
		const pb = await server.signIn();
		const controller = new AbortController();
		let uploads = 0;
		const net = countingFetch((_n, method, url) => {
			if (method === 'POST' && url.includes('/collections/images/records') && ++uploads === 2) controller.abort();
			return 'ok';
		});
		const paused = await publishCase(draft.clientId, deps(db, pb, net), controller.signal);
		expect(paused.phase).toBe('paused');
		expect((await getOutbox(db, draft.clientId))?.phase).toBe('paused');
		const done = await publishCase(draft.clientId, deps(db, pb, countingFetch()));
		expect(done.phase).toBe('done');
		expect((await serverCounts(draft.clientId)).images).toHaveLength(6);
		db.close();
	});
});
