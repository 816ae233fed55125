/**
 * fixture-cases: research fixtures on a running cassette-server, made through its REST API as an
 * administrator would on the dashboard: the researcher role granted by a superuser, and
 * published cases whose consented CT is generated (tests/fixtures/ct, no patient ever scanned),
 * then de-identified by the app's own engine (PS3.15 Annex E) so the server's dicomcheck accepts
 * it. Used by the CLI spec (src/cli/research) and the Playwright research tests.
 */
import { CASE_KEY_BYTES, contextFromKey } from '../../src/lib/dicom/deid/case-context';
import { deidentifyWithoutPhi } from '../../src/lib/dicom/deid/deidentify';
import { parseDicom } from '../../src/lib/dicom/parse';
import { encodePng } from '../../src/lib/dicom/render/png';
import { createHash } from 'node:crypto';
import { CT_IMAGE_STORAGE, ctSliceElements } from '../fixtures/ct/generate';
import { writePart10File } from '../fixtures/ct/part10';
import { mulberry32, phantomSlice } from '../fixtures/ct/phantom';

/** Admin is a superuser's auth token on a server. */
export interface Admin {
	url: string;
	token: string;
}

/** ResearchCase is what a fixture case was made of. */
export interface ResearchCase {
	caseId: string;
	seriesId: string;
	/** dicom are the de-identified files as uploaded, in slice order. */
	dicom: Uint8Array[];
}

export interface CaseOptions {
	author: string;
	title: string;
	/** an ICD-11 code of the bundled list, with its WHO English title */
	code: string;
	codeTitle: string;
	slices: number;
	/** seed makes the generated CT and its de-identification reproducible */
	seed: number;
	consent?: boolean;
	status?: 'published' | 'draft';
	region?: string;
	size?: number;
	/** diagnosis is an optional code of the whole ICD-11 MMS (cases.diagnosis_icd11) */
	diagnosis?: string;
}

async function api(admin: Admin, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
	const form = body instanceof FormData;
	const res = await fetch(`${admin.url}${path}`, {
		method,
		headers: { authorization: admin.token, ...(form || body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: form ? body : body === undefined ? undefined : JSON.stringify(body)
	});
	if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
	return (await res.json()) as Record<string, unknown>;
}

/** grantRole sets an account's role (only a superuser may: pocketbase/hooks/users_role.go). */
export async function grantRole(admin: Admin, userId: string, role: 'researcher' | 'contributor'): Promise<void> {
	await api(admin, 'PATCH', `/api/collections/users/records/${userId}`, { role });
}

/** ctSeries generates `slices` CT slices of size² pixels and de-identifies them as one case. */
export function ctSeries(slices: number, seed: number, size = 32): Uint8Array[] {
	const key = createHash('sha256').update(`research-fixture:${seed}`).digest();
	const ctx = contextFromKey(new Uint8Array(key.buffer, key.byteOffset, CASE_KEY_BYTES));
	const random = mulberry32(seed);
	return Array.from({ length: slices }, (_, i) => {
		const pixels = phantomSlice(i, slices, { rows: size, columns: size, pixelSpacing: 360 / size }, random);
		const { sopInstanceUid, elements } = ctSliceElements(i, seed, size, pixels);
		return deidentifyWithoutPhi(parseDicom(writePart10File(CT_IMAGE_STORAGE, sopInstanceUid, elements)), ctx).bytes;
	});
}

/** previewPng is a 16×16 PNG without metadata, as the server's raster checks want (hooks/images_validation_png.go). */
export function previewPng(seed: number): Blob {
	const rgba = new Uint8ClampedArray(16 * 16 * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * seed) % 256));
	return new Blob([encodePng({ width: 16, height: 16, rgba }).slice()], { type: 'image/png' });
}

/** createResearchCase makes a case (published with consent unless told otherwise) with one axial CT series. */
export async function createResearchCase(admin: Admin, o: CaseOptions): Promise<ResearchCase> {
	const consent = o.consent ?? true;
	const c = await api(admin, 'POST', '/api/collections/cases/records', {
		author: o.author, title: o.title, category: 'abdomen', status: o.status ?? 'published', content: 'Generated for a test.',
		research_consent: consent, icd11_code: o.code, icd11_title: o.codeTitle, region_of_interest: o.region ?? 'couinaud_6',
		phi_acknowledged: true, ...(o.diagnosis && { diagnosis_icd11: o.diagnosis })
	});
	const s = await api(admin, 'POST', '/api/collections/series/records', {
		case: c.id, plane: 'axial', description: 'Portal venous', modality: 'CT', slice_count: o.slices, order: 0
	});
	const dicom = consent ? ctSeries(o.slices, o.seed, o.size) : [];
	for (let index = 0; index < o.slices; index++) {
		const form = new FormData();
		form.set('series', String(s.id));
		form.set('index', String(index));
		form.set('preview', previewPng(index + 1), 'preview.png');
		if (consent) form.set('dicom', new Blob([dicom[index].slice()], { type: 'application/dicom' }), 'slice.dcm');
		await api(admin, 'POST', '/api/collections/images/records', form);
	}
	return { caseId: String(c.id), seriesId: String(s.id), dicom };
}
