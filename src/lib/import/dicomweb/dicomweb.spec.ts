/**
 * The DICOMweb client against a real archive: Debian's Orthanc + DICOMweb plugin behind nginx
 * (tests/pacs/pacs.ts), seeded with generated studies that carry fake PHI (one uncompressed,
 * one JPEG-LS). Nothing here is mocked except the one browser behaviour Node has not: CORS.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CT_PHI, generateCtSeries, type CtSeries } from '../../../../tests/fixtures/ct/generate';
import { generatePhiStudy, PATIENT, type PhiStudy } from '../../../../tests/fixtures/phi/generate';
import { freePort, startPacs, type Pacs } from '../../../../tests/pacs/pacs';
import { connectionFromBase, type PacsAuth, type PacsConnection } from './connection';
import { neutralName, seriesEntries } from './entries';
import { DicomWebError } from './errors';
import { listSeries, searchStudies, testConnection } from './qido';
import { retrieveSeries, type RetrieveProgress } from './wado';

const ACCOUNT = { username: 'resident', password: 'correct horse' };
const BEARER = 'token-8f2e1c';
let pacs: Pacs;
let phi: PhiStudy;
let ct: CtSeries;

beforeAll(async () => {
	pacs = await startPacs({ allowOrigins: ['http://app.test'], basic: ACCOUNT, bearer: BEARER });
	phi = generatePhiStudy({ slices: 6 });
	ct = await generateCtSeries({ slices: 3, size: 64, seed: 11 });
	await pacs.store(phi.files.map((f) => f.bytes));
	await pacs.store(ct.jpegLs.files.map((f) => new Uint8Array(readFileSync(f))));
}, 180_000);

afterAll(async () => {
	await pacs?.stop();
});

function connection(auth: PacsAuth = { kind: 'basic', ...ACCOUNT }, url = pacs.dicomWebUrl): PacsConnection {
	return connectionFromBase('c1', 'test', url, auth);
}

async function kindOf(promise: Promise<unknown>): Promise<string> {
	try {
		await promise;
		return 'ok';
	} catch (error) {
		if (!(error instanceof DicomWebError)) throw error;
		return error.kind;
	}
}

describe('testConnection', () => {
	it('succeeds with basic credentials and with a bearer token the proxy accepts', async () => {
		expect(await kindOf(testConnection(connection()))).toBe('ok');
		expect(await kindOf(testConnection(connection({ kind: 'bearer', token: BEARER })))).toBe('ok');
	});

	it('says unauthorized for a wrong password, a wrong token and no credentials', async () => {
		expect(await kindOf(testConnection(connection({ kind: 'basic', username: ACCOUNT.username, password: 'wrong' })))).toBe('unauthorized');
		expect(await kindOf(testConnection(connection({ kind: 'bearer', token: 'nope' })))).toBe('unauthorized');
		expect(await kindOf(testConnection(connection({ kind: 'none' })))).toBe('unauthorized');
	});

	it('says unreachable when nothing listens', async () => {
		const port = await freePort();
		expect(await kindOf(testConnection(connection(undefined, `http://127.0.0.1:${port}/dicom-web`)))).toBe('unreachable');
	});

	it('says not DICOMweb for a server that answers something else: Orthanc REST root (JSON ids), an unknown path (404)', async () => {
		expect(await kindOf(testConnection(connection(undefined, pacs.orthancUrl)))).toBe('not-dicomweb');
		expect(await kindOf(testConnection(connection(undefined, `${pacs.dicomWebUrl}/no/such/root`)))).toBe('not-dicomweb');
	});

	it('says cors when the browser hides an answer that a no-cors request gets (the way Chromium fails a refused preflight)', async () => {
		const browserLike = async (input: string, init?: RequestInit) => {
			if (init?.mode !== 'no-cors') throw new TypeError('Failed to fetch');
			return fetch(input);
		};
		expect(await kindOf(testConnection(connection(), { fetch: browserLike }))).toBe('cors');
	});

	it('says csp when the page’s Content-Security-Policy blocked the request (a violation event for that origin), not for another origin', async () => {
		const document = new EventTarget();
		const violation = (blockedURI: string) => Object.assign(new Event('securitypolicyviolation'), { effectiveDirective: 'connect-src', blockedURI });
		const blockedBy = (uri: string) => async () => {
			document.dispatchEvent(violation(uri));
			throw new TypeError('Failed to fetch');
		};
		expect(await kindOf(testConnection(connection(), { fetch: blockedBy(`${pacs.dicomWebUrl}/studies?limit=1`), violations: document }))).toBe('csp');
		// a violation for some other address says nothing about this one: it answers no-cors, so it is CORS
		const elsewhere = async (input: string, init?: RequestInit) => (init?.mode === 'no-cors' ? fetch(input) : blockedBy('https://elsewhere.example/')());
		expect(await kindOf(testConnection(connection(), { fetch: elsewhere, violations: document }))).toBe('cors');
	});

	it('lets an abort through as an AbortError', async () => {
		await expect(testConnection(connection(), { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
	});
});

describe('the nginx proxy of the test PACS', () => {
	it('answers a preflight and adds CORS headers for the allowed origin only', async () => {
		const preflight = await fetch(`${pacs.dicomWebUrl}/studies`, { method: 'OPTIONS', headers: { Origin: 'http://app.test', 'Access-Control-Request-Headers': 'authorization' } });
		expect(preflight.status).toBe(204);
		expect(preflight.headers.get('access-control-allow-origin')).toBe('http://app.test');
		expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
		const other = await fetch(`${pacs.dicomWebUrl}/studies`, { headers: { Origin: 'http://elsewhere.test', Authorization: pacs.authHeader! } });
		expect(other.headers.get('access-control-allow-origin')).toBeNull();
		const direct = await fetch(`${pacs.directDicomWebUrl}/studies`, { headers: { Origin: 'http://app.test', Authorization: pacs.authHeader! } });
		expect(direct.headers.get('access-control-allow-origin')).toBeNull();
	});
});

describe('searchStudies and listSeries', () => {
	it('finds the study by patient ID, by name prefix (any case), by accession, by date range and by modality', async () => {
		const c = connection();
		const byId = await searchStudies(c, { patientId: PATIENT.id });
		expect(byId).toHaveLength(1);
		expect(byId[0]).toMatchObject({ studyUid: phi.uids.study, patientId: PATIENT.id, seriesCount: 3, instanceCount: 6 + 2 });
		expect(byId[0].modalities).toContain('CT');
		expect((await searchStudies(c, { accession: PATIENT.accession })).map((s) => s.studyUid)).toEqual([phi.uids.study]);
		const date = `${byId[0].date.slice(0, 4)}-${byId[0].date.slice(4, 6)}-${byId[0].date.slice(6, 8)}`;
		expect((await searchStudies(c, { dateFrom: date, dateTo: date })).map((s) => s.studyUid)).toEqual([phi.uids.study]);
		expect(await searchStudies(c, { dateFrom: '1990-01-01', dateTo: '1990-12-31' })).toEqual([]);
		expect(await searchStudies(c, { modality: 'MR' })).toEqual([]);
		const ctStudies = await searchStudies(c, { patientId: CT_PHI.patientId, modality: 'ct' });
		expect(ctStudies).toHaveLength(1);
		// a name is matched as a prefix, in any case (Orthanc 1.10 does not match accented names past their first letter, so the ASCII patient)
		expect((await searchStudies(c, { patientName: CT_PHI.patientName.split('^')[0].toLowerCase() })).map((s) => s.studyUid)).toEqual([ctStudies[0].studyUid]);
		expect(await searchStudies(c, { patientId: 'NO-SUCH-PATIENT' })).toEqual([]);
	});

	it('lists a study’s series with their instance counts, in series-number order', async () => {
		const series = await listSeries(connection(), phi.uids.study);
		expect(series).toHaveLength(3);
		const ctSeries = series.find((s) => s.seriesUid === phi.uids.ctSeries);
		expect(ctSeries).toMatchObject({ modality: 'CT', instanceCount: 6 });
		expect(series.map((s) => s.instanceCount).sort()).toEqual([1, 1, 6]);
	});
});

describe('retrieveSeries', () => {
	it('streams every instance of the series byte for byte as stored, with progress up to the total', async () => {
		const seen: RetrieveProgress[] = [];
		const got: Uint8Array[] = [];
		for await (const bytes of retrieveSeries(connection(), phi.uids.study, phi.uids.ctSeries, { onProgress: (p) => seen.push(p) })) got.push(bytes);
		const sent = phi.files.slice(0, 6).map((f) => Buffer.from(f.bytes).toString('base64'));
		expect(got.map((b) => Buffer.from(b).toString('base64')).sort()).toEqual([...sent].sort());
		const last = seen.at(-1)!;
		expect(last.instances).toBe(6);
		expect(last.totalBytes === null || last.bytes === last.totalBytes).toBe(true);
		expect(seen.map((p) => p.bytes)).toEqual([...seen.map((p) => p.bytes)].sort((a, b) => a - b));
	});

	it('keeps the transfer syntax the archive holds: JPEG-LS comes back as JPEG-LS', async () => {
		const [study] = await searchStudies(connection({ kind: 'bearer', token: BEARER }), { patientId: CT_PHI.patientId });
		const [series] = await listSeries(connection(), study.studyUid);
		const got: Uint8Array[] = [];
		for await (const bytes of retrieveSeries(connection(), study.studyUid, series.seriesUid)) got.push(bytes);
		expect(got).toHaveLength(3);
		// (0002,0010) Transfer Syntax UID 1.2.840.10008.1.2.4.80, JPEG-LS lossless (PS3.5 Table A-1... PS3.6 Annex A)
		expect(got.every((b) => Buffer.from(b.subarray(0, 400)).includes('1.2.840.10008.1.2.4.80'))).toBe(true);
	});

	it('stops with an AbortError when cancelled after the first instance, and fails 401 before any byte with a wrong password', async () => {
		const controller = new AbortController();
		const run = async () => {
			for await (const _ of retrieveSeries(connection(), phi.uids.study, phi.uids.ctSeries, { signal: controller.signal })) controller.abort();
		};
		await expect(run()).rejects.toMatchObject({ name: 'AbortError' });
		const wrong = connection({ kind: 'basic', username: ACCOUNT.username, password: 'x' });
		await expect(retrieveSeries(wrong, phi.uids.study, phi.uids.ctSeries).next()).rejects.toMatchObject({ kind: 'unauthorized' });
	});
});

describe('seriesEntries', () => {
	it('hands the retrieved instances to the import pipeline as files with neutral names', async () => {
		const entries = [];
		for await (const entry of seriesEntries(connection(), phi.uids.study, phi.uids.ctSeries)) entries.push(entry);
		expect(entries.map((e) => e.path)).toEqual([1, 2, 3, 4, 5, 6].map(neutralName));
		const bytes = await Promise.all(entries.map(async (e) => Buffer.from(await e.read()).toString('base64')));
		expect(bytes.sort()).toEqual(phi.files.slice(0, 6).map((f) => Buffer.from(f.bytes).toString('base64')).sort());
	});
});
