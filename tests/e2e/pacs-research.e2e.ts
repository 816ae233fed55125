// To the research archive and back: a researcher (phone, Spanish) sends the Research page's
// selection to the research PACS that global setup configured on the server
// (CASSETTE_RESEARCH_PACS_URL, a second Orthanc with DICOMweb, tests/pacs/e2e-pacs.ts). The page
// reports each case as the server stores it; QIDO-RS on the archive then finds every image under
// its de-identified UIDs and each case's label SR, which passes dciodvfy and carries its I11 code.
// Cases outside the selection or not exportable (a draft) never reach the archive; a contributor
// gets 403 from the send, and no answer or page ever names the archive or its credentials.
import AxeBuilder from '@axe-core/playwright';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSuperuser, verifiedAccount } from './admin-fixtures';
import { expect, serverUrl, signIn, t, test, useLocale, type Locale } from './env';
import { captureRequests, sentHits } from './fixtures/authoring/requests';
import { e2ePacs, RESEARCH_ACCOUNT, type E2ePacsInfo } from '../pacs/e2e-pacs';
import { emptyOrthanc } from '../pacs/pacs';
import { createResearchCase, grantRole, type ResearchCase } from '../research/fixture-cases';
import { parseDicom } from '../../src/lib/dicom/parse';
import { T } from '../../src/lib/dicom/tags';
import { getString } from '../../src/lib/dicom/values';

const locale: Locale = 'es';
const marker = `stow${Date.now().toString(36)}`;
let archive: E2ePacsInfo['research'];
let researcher: Awaited<ReturnType<typeof verifiedAccount>>;
let contributor: Awaited<ReturnType<typeof verifiedAccount>>;
let cases: ResearchCase[];
let draft: ResearchCase;

test.beforeAll(async () => {
	test.setTimeout(120_000);
	archive = e2ePacs().research;
	await emptyOrthanc(archive.orthancUrl, archive.authHeader);
	const admin = await createSuperuser();
	researcher = await verifiedAccount(admin, locale, 'stowres');
	contributor = await verifiedAccount(admin, locale, 'stowctb');
	const api = { url: serverUrl(), token: admin.token };
	await grantRole(api, researcher.id, 'researcher');
	const author = contributor.id;
	cases = [
		await createResearchCase(api, { author, title: `Cirrosis ${marker}`, code: 'DB94.10', codeTitle: 'Alcoholic hepatitis with cirrhosis', slices: 3, seed: 41 }),
		await createResearchCase(api, { author, title: `Esteatosis ${marker}`, code: 'DB92', codeTitle: 'Non-alcoholic fatty liver disease', slices: 2, seed: 42 })
	];
	draft = await createResearchCase(api, { author, title: `Borrador ${marker}`, code: 'DB94.1', codeTitle: 'Alcoholic hepatitis', slices: 2, seed: 43, status: 'draft' });
});

/** qido asks the research archive (as an operator would, with its account) for DICOM JSON. */
async function qido(pathAndQuery: string): Promise<Record<string, { Value?: unknown[] }>[]> {
	const res = await fetch(`${archive.dicomWebUrl}${pathAndQuery}`, { headers: { Authorization: archive.authHeader, Accept: 'application/dicom+json' } });
	if (res.status === 204) return [];
	expect(res.status, pathAndQuery).toBe(200);
	return (await res.json()) as Record<string, { Value?: unknown[] }>[];
}

function uids(bytes: Uint8Array): { study: string; instance: string } {
	const { dataset } = parseDicom(bytes);
	return { study: getString(dataset, T.StudyInstanceUID)!, instance: getString(dataset, T.SOPInstanceUID)! };
}

test('a researcher sends the selection to the research archive: every image and the label SR stored, reported case by case @phone', async ({ page }) => {
	test.setTimeout(120_000);
	await useLocale(page, locale);
	const sent = await captureRequests(page);
	await signIn(page, locale, researcher.email, researcher.password);
	await page.goto(`/research?q=${marker}`);
	const section = page.getByTestId('archive-send');
	await expect(section.getByRole('heading', { name: t(locale, 'pacs_research_title') })).toBeVisible();

	await section.getByTestId('archive-send-button').click();
	await expect(section.getByTestId('archive-status')).toHaveText(t(locale, 'pacs_research_done', { stored: '2', total: '2' }), { timeout: 60_000 });
	const report = section.getByTestId('archive-report');
	for (const [c, images] of [[cases[0], 3], [cases[1], 2]] as const) {
		const row = report.locator(`li[data-case="${c.caseId}"]`);
		await expect(row).toHaveAttribute('data-state', 'stored');
		await expect(row.getByTestId('archive-case-detail')).toHaveText(
			`${t(locale, 'pacs_research_images', { stored: String(images), total: String(images) })} · ${t(locale, 'pacs_research_sr_stored')}`
		);
	}
	await expect(report.locator('li')).toHaveCount(2);
	await expect(section.getByTestId('archive-retry')).toHaveCount(0);
	const axe = await new AxeBuilder({ page }).include('[data-testid="archive-send"]').analyze();
	expect(axe.violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);

	// QIDO-RS on the archive finds each image under its de-identified UIDs, as uploaded
	for (const c of cases) {
		for (const file of c.dicom) {
			const { study, instance } = uids(file);
			expect(await qido(`/studies/${study}/instances?SOPInstanceUID=${instance}`), `${c.caseId} ${instance}`).toHaveLength(1);
		}
	}
	// one label SR per sent case, referencing its study; nothing of the draft, nothing else
	const srs = await qido('/instances?Modality=SR&includefield=0020000D');
	expect(srs).toHaveLength(2);
	expect(srs.map((sr) => sr['0020000D'].Value![0]).sort()).toEqual(cases.map((c) => uids(c.dicom[0]).study).sort());
	expect(await qido(`/studies/${uids(draft.dicom[0]).study}/instances`)).toHaveLength(0);
	const stats = (await (await fetch(`${archive.orthancUrl}/statistics`, { headers: { Authorization: archive.authHeader } })).json()) as { CountInstances: number };
	expect(stats.CountInstances).toBe(3 + 2 + 2);

	// each stored SR passes dciodvfy (dicom3tools) and carries the I11 code of its case
	const dir = mkdtempSync(path.join(tmpdir(), 'cassette-sr-'));
	try {
		for (const sr of srs) {
			const instance = String(sr['00080018'].Value![0]);
			const found = (await (await fetch(`${archive.orthancUrl}/tools/lookup`, { method: 'POST', headers: { Authorization: archive.authHeader }, body: instance })).json()) as { ID: string }[];
			const bytes = new Uint8Array(await (await fetch(`${archive.orthancUrl}/instances/${found[0].ID}/file`, { headers: { Authorization: archive.authHeader } })).arrayBuffer());
			const file = path.join(dir, `${instance}.dcm`);
			writeFileSync(file, bytes);
			// dciodvfy writes its findings to stderr, whatever its exit status
			const checked = spawnSync('dciodvfy', ['-new', file], { encoding: 'utf8' });
			expect(checked.error, 'dciodvfy (Debian dicom3tools) runs').toBeUndefined();
			const report = `${checked.stdout}${checked.stderr}`;
			expect(report, `dciodvfy on the SR of study ${sr['0020000D'].Value![0]}`).not.toMatch(/Error/);
			const text = Buffer.from(bytes).toString('latin1');
			expect(text).toContain('I11');
			expect(text.includes('DB94.10') || text.includes('DB92')).toBe(true);
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}

	// the browser never hears where the archive is or how the server signs in to it
	const secrets = [new URL(archive.dicomWebUrl).host, RESEARCH_ACCOUNT.username, RESEARCH_ACCOUNT.password];
	expect(sent.some((s) => s.url.includes('/api/cassette/research/pacs/send')), 'the send was captured').toBe(true);
	expect(sentHits(sent, secrets)).toEqual([]);
	await expect(page.locator('body')).not.toContainText(new URL(archive.dicomWebUrl).host);
});

test('a contributor may not send to the research archive @phone', async () => {
	const res = await fetch(`${serverUrl()}/api/cassette/research/pacs/send?q=${marker}`, { method: 'POST', headers: { authorization: contributor.auth.token } });
	expect(res.status).toBe(403);
	const body = await res.text();
	expect(body).not.toContain(new URL(archive.dicomWebUrl).host);
});
