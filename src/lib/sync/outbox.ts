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
import { ClientResponseError } from 'pocketbase';
import type PocketBase from 'pocketbase';
import { dicomToUpload } from '../cases/consent';
import { caseFields, fileNameOf, imageFiles, previewBytes, seriesFields, seriesToPublish, typedCaseFields } from '../cases/outgoing';
import { scanOutgoing } from '../cases/phi-firewall';
import type { DraftCase, DraftSeries } from '../cases/types';
import { isValid, validateCase } from '../cases/validate';
import { getImage, loadDraft, saveDraft, type LoadedDraft } from '../db/drafts';
import type { DraftsDb } from '../db/open';
import { serverMessage } from '../errors';
import { planAndScan, type Plan, type PlannedImage } from './plan';
import { PublishRun, type OutboxProgress } from './publish-run';
import { abortError, isAbort, isTransient, storageFault, type RetryPolicy } from './retry';
import { isNotFound, serverRecords, type ServerRecords } from './server-records';

export { newOutboxEntry, type OutboxProgress } from './publish-run';

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

/** Prepared is a draft ready to send: the series to publish, the plan of their files, and whether DICOM goes along. */
interface Prepared {
	draft: DraftCase;
	series: DraftSeries[];
	plan: Plan;
	withDicom: boolean;
}

/** Sending is what the steps after the checks share: the server, the run and what is sent. */
interface Sending extends Prepared {
	server: ServerRecords;
	run: PublishRun;
	db: DraftsDb;
	signal?: AbortSignal;
}

/**
 * publishCase publishes one draft and resolves with its final progress. It never throws for
 * expected failures (PHI found, invalid draft, network down, server rejection): those end in
 * phase `blocked` or `failed` with an error code, and the outbox state is kept for a later
 * retry. An abort (pause or cancel) ends in phase `paused`.
 */
export async function publishCase(caseId: string, deps: OutboxDeps, signal?: AbortSignal): Promise<OutboxProgress> {
	const run = await PublishRun.start(deps.db, caseId, deps.now ?? Date.now, deps.onProgress);
	const loaded = await loadDraft(deps.db, caseId);
	if (!loaded) return run.notFound();

	// 1. Plan, validate and scan everything before any request; unticked series stay on the device.
	const prepared = await prepare(deps.db, loaded, run);
	if (!prepared) return run.finish('blocked', run.progress.hits.length > 0 ? 'phi_found' : 'invalid');
	const author = deps.pb.authStore.record?.id;
	if (!author || !deps.pb.authStore.isValid) return run.finish('failed', 'not_signed_in');

	const sending: Sending = { ...prepared, server: serverRecords(deps, signal), run, db: deps.db, signal };
	try {
		await run.begin();
		// 2. The case: created as a draft on the server, published only once complete.
		const serverCaseId = await upsertCase(sending, author);
		// 3. Series, then their images, one at a time.
		await sendSeries(sending, serverCaseId);
		// 4. Every file confirmed: publish, with the header image, and mark the draft.
		await publishOnServer(sending, serverCaseId);
		run.progress.publicUrl = deps.publicUrl(serverCaseId);
		const latest = (await loadDraft(deps.db, caseId))?.draft ?? prepared.draft;
		await saveDraft(deps.db, { ...latest, status: 'published', publicUrl: run.progress.publicUrl }, (deps.now ?? Date.now)());
		return await run.finish('done');
	} catch (error) {
		if (isAbort(error)) return run.finish('paused');
		if (!(error instanceof ClientResponseError)) return run.finish('failed', 'local_error', error instanceof Error ? error.name : '');
		if (isTransient(error)) return run.finish('failed', storageFault(error) || 'network');
		return run.finish('failed', 'server_rejected', serverMessage(error));
	}
}

/** filesOf and bytesOf count what one planned image sends. */
const filesOf = (p: PlannedImage, withDicom: boolean) => (withDicom && p.dicomBytes > 0 ? 2 : 1);
const bytesOf = (p: PlannedImage, withDicom: boolean) => p.previewBytes + (withDicom ? p.dicomBytes : 0);

/** prepare plans, validates and scans a draft; it returns null when the run is blocked (the reason is in the run's progress). */
async function prepare(db: DraftsDb, loaded: LoadedDraft, run: PublishRun): Promise<Prepared | null> {
	const { draft, phi } = loaded;
	const series = seriesToPublish(loaded.series);
	const plan = await planAndScan(db, series, phi, loaded.dateOffsetDays);
	const withDicom = dicomToUpload(draft, series, plan.facts);
	for (const p of [...plan.images.values()].flat()) {
		run.progress.filesTotal += filesOf(p, withDicom);
		run.progress.bytesTotal += bytesOf(p, withDicom);
	}
	const invalid = validateCase(draft, series, plan.facts);
	if (!isValid(invalid)) {
		run.progress.invalid = invalid;
		return null;
	}
	const hits = [...scanOutgoing({ fields: typedCaseFields(draft) }, phi), ...plan.hits, ...(withDicom ? plan.dicomHits : [])];
	if (hits.length > 0) {
		run.progress.hits = hits;
		return null;
	}
	return { draft, series, plan, withDicom };
}

/** upsertCase updates the case the server holds for this draft, or creates it (as a draft), and returns its id. */
async function upsertCase({ server, run, draft }: Sending, author: string): Promise<string> {
	const findCase = () => server.findOne('cases', 'author = {:author} && client_id = {:client}', { author, client: draft.clientId });
	const known = run.entry.serverCaseId ? { id: run.entry.serverCaseId } : await findCase();
	let serverCaseId = '';
	if (known) {
		try {
			serverCaseId = (await server.update('cases', known.id, caseFields(draft))).id;
		} catch (error) {
			// deleted on the server since (by its author, on another device): create it again
			if (!isNotFound(error)) throw error;
		}
	}
	if (!serverCaseId) serverCaseId = (await server.createOnce('cases', { ...caseFields(draft), author, status: 'draft' }, findCase)).id;
	await run.save({ serverCaseId });
	return serverCaseId;
}

/**
 * sendSeries creates or updates each series and sends its images. The server's lists are the
 * truth about what it holds; what the draft no longer has (a trimmed range, a removed series) is
 * deleted.
 */
async function sendSeries(sending: Sending, serverCaseId: string): Promise<void> {
	const { server, run, series, plan } = sending;
	const serverSeries = new Map((await server.list('series', 'case = {:case}', { case: serverCaseId }, 'id,client_id')).map((r) => [String(r.client_id), r.id]));
	for (const [clientId, id] of serverSeries) if (!series.some((s) => s.clientId === clientId)) await server.remove('series', id);
	for (const s of series) {
		const findSeries = () => server.findOne('series', 'case = {:case} && client_id = {:client}', { case: serverCaseId, client: s.clientId });
		const planned = plan.images.get(s.clientId) ?? [];
		const body = { ...seriesFields(s, planned.length), case: serverCaseId };
		let seriesId = serverSeries.get(s.clientId);
		if (seriesId) await server.update('series', seriesId, body);
		else seriesId = (await server.createOnce('series', body, findSeries)).id;
		await run.save({ serverSeries: { ...run.entry.serverSeries, [s.clientId]: seriesId } });
		await sendImages(sending, seriesId, planned);
	}
}

/** sendImages uploads the images of one series the server does not hold yet (or holds without the DICOM now consented), one at a time. */
async function sendImages({ server, run, db, withDicom, signal }: Sending, seriesId: string, planned: readonly PlannedImage[]): Promise<void> {
	const onServer = new Map((await server.list('images', 'series = {:series}', { series: seriesId }, 'id,client_id,dicom')).map((r) => [String(r.client_id), r]));
	for (const [clientId, r] of onServer) if (!planned.some((p) => p.id === clientId)) await server.remove('images', r.id);
	const uploaded = new Set(run.entry.uploaded);
	for (const p of planned) {
		if (signal?.aborted) throw abortError();
		const held = onServer.get(p.id);
		const missingDicom = withDicom && p.dicomBytes > 0 && held !== undefined && !held.dicom;
		if (!held || missingDicom) {
			const image = await getImage(db, p.id);
			if (!image) continue; // deleted from the draft while publishing
			const form = new FormData();
			for (const f of imageFiles(image, withDicom)) {
				if (held && !f.dicom) continue; // consent given after the preview went up: add the DICOM only
				form.append(f.field ?? (f.dicom ? 'dicom' : 'preview'), new File([f.bytes as Uint8Array<ArrayBuffer>], f.name, { type: f.type }));
			}
			if (held) {
				await server.update('images', held.id, form);
			} else {
				form.append('series', seriesId);
				form.append('index', String(image.index));
				form.append('client_id', image.clientId);
				const findImage = () => server.findOne('images', 'series = {:series} && client_id = {:client}', { series: seriesId, client: image.clientId });
				await server.createOnce('images', form, findImage);
			}
		}
		if (!uploaded.has(p.id)) {
			uploaded.add(p.id);
			await run.save({ uploaded: [...uploaded] });
		}
		run.progress.filesDone += filesOf(p, withDicom);
		run.progress.bytesDone += bytesOf(p, withDicom);
		run.report();
	}
}

/** publishOnServer switches the case to published, with its header image: the last request, once every file is confirmed. */
async function publishOnServer({ server, db, draft, plan }: Sending, serverCaseId: string): Promise<void> {
	const publish = new FormData();
	for (const [k, v] of Object.entries(caseFields(draft))) publish.append(k, String(v));
	publish.append('status', 'published');
	if (plan.header) {
		const image = await getImage(db, plan.header);
		if (image) publish.append('header_image', new File([previewBytes(image) as Uint8Array<ArrayBuffer>], `header-${fileNameOf(image, 'preview')}`, { type: image.previewType }));
	}
	await server.update('cases', serverCaseId, publish);
}
