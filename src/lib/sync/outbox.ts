/**
 * The outbox: publishes one draft to PocketBase, resumably and idempotently.
 *
 * 1. Everything that would leave the device is run through the PHI firewall first (the case
 *    text, every series, every image's files, read one at a time); a hit blocks the whole case
 *    before any request is sent.
 * 2. The case, then each series, is created or found by its `client_id` (unique per author /
 *    case on the server), so a retry after a lost response never duplicates.
 * 3. Images go one by one (a slow mobile link does better with one upload at a time than with
 *    several fighting for it), each with its `client_id`. Before a series, the images the server
 *    holds are listed: those are skipped (so after a dropped connection only what the server has
 *    not acknowledged is sent again) and those the draft no longer has are deleted. Progress is
 *    saved after every image.
 * 4. Only when every file is confirmed is the case switched to `published`, and the draft
 *    marked published with its public URL; the draft is kept until then.
 */
import { ClientResponseError, type RecordModel, type SendOptions } from 'pocketbase';
import type PocketBase from 'pocketbase';
import { dicomToUpload } from '../cases/consent';
import { caseFields, fileNameOf, imageFiles, previewBytes, seriesFields, seriesToPublish, typedCaseFields } from '../cases/outgoing';
import { scanOutgoing, type FirewallHit } from '../cases/phi-firewall';
import { isValid, validateCase, type ValidationErrors } from '../cases/validate';
import { getImage, getOutbox, loadDraft, putOutbox, saveDraft } from '../db/drafts';
import type { DraftsDb } from '../db/open';
import type { OutboxEntry, OutboxPhase } from '../db/schema';
import { planAndScan, type PlannedImage } from './plan';
import { abortError, isAbort, isTransient, withRetry, type RetryPolicy } from './retry';
import { serverMessage } from '../errors';

/** OutboxProgress is what the UI shows for one case. */
export interface OutboxProgress {
	caseId: string;
	phase: OutboxPhase;
	filesDone: number;
	filesTotal: number;
	bytesDone: number;
	bytesTotal: number;
	/** error is a code: `invalid`, `phi_found`, `not_signed_in`, `network`, `storage_full`, `storage_unavailable`, `server_rejected`, `not_found`, `local_error`; '' when none. */
	error: string;
	/** errorDetail is the server's message for `server_rejected`. */
	errorDetail: string;
	/** hits say where PHI was found (never the values) when `error` is `phi_found`. */
	hits: FirewallHit[];
	/** invalid holds the validation codes when `error` is `invalid`. */
	invalid: ValidationErrors;
	publicUrl: string;
}

/** OutboxDeps is what publishing needs; `fetch`, `retry`, `random` and `now` are injectable for tests. */
export interface OutboxDeps {
	db: DraftsDb;
	/** pb is the signed-in client; its auth record is the author. */
	pb: PocketBase;
	/** publicUrl turns the server's case id into the URL readers open. */
	publicUrl: (serverCaseId: string) => string;
	fetch?: typeof fetch;
	retry?: RetryPolicy;
	random?: () => number;
	now?: () => number;
	onProgress?: (progress: OutboxProgress) => void;
}

/** newOutboxEntry is the sync state of a case that has not reached the server yet. */
export function newOutboxEntry(caseId: string, now: number): OutboxEntry {
	return { caseId, phase: 'queued', serverCaseId: '', serverSeries: {}, uploaded: [], error: '', errorDetail: '', attempts: 0, updatedAt: now };
}

/** storageFault is the code of a 503 the server gives when its disk is full or its S3 storage is down (pocketbase/hooks/storage_faults.go), or ''. */
function storageFault(error: ClientResponseError): string {
	const code = (error.response as { data?: { storage?: { code?: unknown } } })?.data?.storage?.code;
	return code === 'storage_full' || code === 'storage_unavailable' ? code : '';
}

/**
 * publishCase publishes one draft and resolves with its final progress. It never throws for
 * expected failures (PHI found, invalid draft, network down, server rejection): those end in
 * phase `blocked` or `failed` with an error code, and the outbox state is kept for a later
 * retry. An abort (pause or cancel) ends in phase `paused`.
 */
export async function publishCase(caseId: string, deps: OutboxDeps, signal?: AbortSignal): Promise<OutboxProgress> {
	const now = deps.now ?? Date.now;
	const progress: OutboxProgress = {
		caseId, phase: 'queued', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0,
		error: '', errorDetail: '', hits: [], invalid: {}, publicUrl: ''
	};
	let entry = (await getOutbox(deps.db, caseId)) ?? newOutboxEntry(caseId, now());
	const report = () => deps.onProgress?.({ ...progress, hits: [...progress.hits] });
	const save = async (patch: Partial<OutboxEntry>) => {
		entry = { ...entry, ...patch, updatedAt: now() };
		await putOutbox(deps.db, entry);
	};
	const finish = async (phase: OutboxPhase, error = '', errorDetail = '') => {
		Object.assign(progress, { phase, error, errorDetail });
		await save({ phase, error, errorDetail });
		report();
		return { ...progress };
	};

	const loaded = await loadDraft(deps.db, caseId);
	if (!loaded) {
		progress.phase = 'failed';
		progress.error = 'not_found';
		report();
		return { ...progress };
	}
	const { draft, phi } = loaded;

	// 1. Plan, validate and scan everything before any request; unticked series stay on the device.
	const series = seriesToPublish(loaded.series);
	const plan = await planAndScan(deps.db, series, phi, loaded.dateOffsetDays);
	const withDicom = dicomToUpload(draft, series, plan.facts);
	const filesOf = (p: PlannedImage) => (withDicom && p.dicomBytes > 0 ? 2 : 1);
	const bytesOf = (p: PlannedImage) => p.previewBytes + (withDicom ? p.dicomBytes : 0);
	for (const p of [...plan.images.values()].flat()) {
		progress.filesTotal += filesOf(p);
		progress.bytesTotal += bytesOf(p);
	}
	const invalid = validateCase(draft, series, plan.facts);
	if (!isValid(invalid)) {
		progress.invalid = invalid;
		return finish('blocked', 'invalid');
	}
	const hits = [...scanOutgoing({ fields: typedCaseFields(draft) }, phi), ...plan.hits, ...(withDicom ? plan.dicomHits : [])];
	if (hits.length > 0) {
		progress.hits = hits;
		return finish('blocked', 'phi_found');
	}

	const author = deps.pb.authStore.record?.id;
	if (!author || !deps.pb.authStore.isValid) return finish('failed', 'not_signed_in');

	const options = (): SendOptions => ({ requestKey: null, signal, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
	const retry = <T>(task: () => Promise<T>) => withRetry(task, { policy: deps.retry, signal, random: deps.random });
	const findOne = async (collection: string, filter: string, params: Record<string, string>): Promise<RecordModel | null> => {
		const list = await retry(() => deps.pb.collection(collection).getList(1, 1, { ...options(), filter: deps.pb.filter(filter, params), fields: 'id' }));
		return list.items[0] ?? null;
	};
	// createOnce creates a record; if the create fails after the server may have stored it
	// (a lost response, a unique client_id), the record is looked up instead of duplicated.
	const createOnce = async (collection: string, body: Record<string, unknown> | FormData, find: () => Promise<RecordModel | null>) => {
		try {
			return await retry(() => deps.pb.collection(collection).create(body, options()));
		} catch (error) {
			if (isAbort(error)) throw error;
			const existing = await find();
			if (existing) return existing;
			throw error;
		}
	};

	try {
		Object.assign(progress, { phase: 'running', error: '', errorDetail: '' });
		await save({ phase: 'running', error: '', errorDetail: '', attempts: entry.attempts + 1 });
		report();

		// 2. The case: created as a draft on the server, published only once complete.
		const findCase = () => findOne('cases', 'author = {:author} && client_id = {:client}', { author, client: draft.clientId });
		const known = entry.serverCaseId ? { id: entry.serverCaseId } : await findCase();
		let serverCaseId = '';
		if (known) {
			try {
				serverCaseId = (await retry(() => deps.pb.collection('cases').update(known.id, caseFields(draft), options()))).id;
			} catch (error) {
				// deleted on the server since (by its author, on another device): create it again
				if (!(error instanceof ClientResponseError && error.status === 404)) throw error;
			}
		}
		if (!serverCaseId) serverCaseId = (await createOnce('cases', { ...caseFields(draft), author, status: 'draft' }, findCase)).id;
		await save({ serverCaseId });

		// 3. Series, then their images, one at a time. The server's lists are the truth about
		// what it holds; what the draft no longer has (a trimmed range, a removed series) is deleted.
		const list = (collection: string, filter: string, params: Record<string, string>, fields: string) =>
			retry(() => deps.pb.collection(collection).getFullList({ ...options(), filter: deps.pb.filter(filter, params), fields, batch: 500 }));
		const remove = async (collection: string, id: string) => {
			try {
				await retry(() => deps.pb.collection(collection).delete(id, options()));
			} catch (error) {
				if (!(error instanceof ClientResponseError && error.status === 404)) throw error;
			}
		};
		const serverSeries = new Map((await list('series', 'case = {:case}', { case: serverCaseId }, 'id,client_id')).map((r) => [String(r.client_id), r.id]));
		for (const [clientId, id] of serverSeries) if (!series.some((s) => s.clientId === clientId)) await remove('series', id);

		for (const s of series) {
			const findSeries = () => findOne('series', 'case = {:case} && client_id = {:client}', { case: serverCaseId, client: s.clientId });
			const planned = plan.images.get(s.clientId) ?? [];
			const body = { ...seriesFields(s, planned.length), case: serverCaseId };
			let seriesId = serverSeries.get(s.clientId);
			if (seriesId) await retry(() => deps.pb.collection('series').update(seriesId!, body, options()));
			else seriesId = (await createOnce('series', body, findSeries)).id;
			await save({ serverSeries: { ...entry.serverSeries, [s.clientId]: seriesId } });

			const onServer = new Map((await list('images', 'series = {:series}', { series: seriesId }, 'id,client_id,dicom')).map((r) => [String(r.client_id), r]));
			for (const [clientId, r] of onServer) if (!planned.some((p) => p.id === clientId)) await remove('images', r.id);
			const uploaded = new Set(entry.uploaded);

			for (const p of planned) {
				if (signal?.aborted) throw abortError();
				const held = onServer.get(p.id);
				const missingDicom = withDicom && p.dicomBytes > 0 && held !== undefined && !held.dicom;
				if (!held || missingDicom) {
					const image = await getImage(deps.db, p.id);
					if (!image) continue; // deleted from the draft while publishing
					const form = new FormData();
					for (const f of imageFiles(image, withDicom)) {
						if (held && !f.dicom) continue; // consent given after the preview went up: add the DICOM only
						form.append(f.dicom ? 'dicom' : 'preview', new File([f.bytes as Uint8Array<ArrayBuffer>], f.name, { type: f.type }));
					}
					if (held) {
						await retry(() => deps.pb.collection('images').update(held.id, form, options()));
					} else {
						form.append('series', seriesId);
						form.append('index', String(image.index));
						form.append('client_id', image.clientId);
						const findImage = () => findOne('images', 'series = {:series} && client_id = {:client}', { series: seriesId!, client: image.clientId });
						await createOnce('images', form, findImage);
					}
				}
				if (!uploaded.has(p.id)) {
					uploaded.add(p.id);
					await save({ uploaded: [...uploaded] });
				}
				progress.filesDone += filesOf(p);
				progress.bytesDone += bytesOf(p);
				report();
			}
		}

		// 4. Every file confirmed: publish, with the header image, and mark the draft.
		const publish = new FormData();
		for (const [k, v] of Object.entries(caseFields(draft))) publish.append(k, String(v));
		publish.append('status', 'published');
		if (plan.header) {
			const image = await getImage(deps.db, plan.header);
			if (image) publish.append('header_image', new File([previewBytes(image) as Uint8Array<ArrayBuffer>], `header-${fileNameOf(image, 'preview')}`, { type: image.previewType }));
		}
		await retry(() => deps.pb.collection('cases').update(serverCaseId, publish, options()));
		progress.publicUrl = deps.publicUrl(serverCaseId);
		const latest = (await loadDraft(deps.db, caseId))?.draft ?? draft;
		await saveDraft(deps.db, { ...latest, status: 'published', publicUrl: progress.publicUrl }, now());
		return await finish('done');
	} catch (error) {
		if (isAbort(error)) return finish('paused');
		if (!(error instanceof ClientResponseError)) return finish('failed', 'local_error', error instanceof Error ? error.name : '');
		if (isTransient(error)) return finish('failed', storageFault(error) || 'network');
		return finish('failed', 'server_rejected', serverMessage(error));
	}
}
