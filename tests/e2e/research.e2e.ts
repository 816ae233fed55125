// The Research page: a researcher (role granted by a superuser through the API, as an admin does
// on the dashboard) filters by ICD-11 code, reads the counts in their language and downloads the
// dataset ZIP through a plain link (checked entry by entry against SHA256SUMS); a contributor
// never sees the page or its link, and a guest is sent to sign in. Phone in Spanish, desktop in English.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { configure, Uint8ArrayReader, Uint8ArrayWriter, ZipReader } from '@zip.js/zip.js';
import { createSuperuser, verifiedAccount, type Superuser } from './admin-fixtures';
import { expect, serverUrl, signIn, t, test, useLocale, type Locale } from './env';
import { formatBytes } from '../../src/lib/research/format';
import { createResearchCase, grantRole, type ResearchCase } from '../research/fixture-cases';

configure({ useWebWorkers: false });

let admin: Superuser;
let researcher: Awaited<ReturnType<typeof verifiedAccount>>;
let contributor: Awaited<ReturnType<typeof verifiedAccount>>;
let cirrhosis: ResearchCase;
let draft: ResearchCase;
// Other tests publish cases on the same server: the titles carry a marker the text filter selects.
const marker = `rsch${Date.now().toString(36)}`;

const localeOf = (project: string): Locale => (project === 'phone' ? 'es' : 'en');
const counted = (n: number) => ({ count: String(n), shown: String(n) });

test.beforeAll(async ({}, testInfo) => {
	test.setTimeout(120_000);
	const locale = localeOf(testInfo.project.name);
	admin = await createSuperuser();
	researcher = await verifiedAccount(admin, locale, 'researcher');
	contributor = await verifiedAccount(admin, locale, 'contrib');
	const api = { url: serverUrl(), token: admin.token };
	await grantRole(api, researcher.id, 'researcher');
	const author = contributor.id;
	cirrhosis = await createResearchCase(api, { author, title: `Cirrosis ${marker}`, code: 'DB94.10', codeTitle: 'Alcoholic hepatitis with cirrhosis', slices: 3, seed: 21, diagnosis: 'DB94.1' });
	await createResearchCase(api, { author, title: `Esteatosis ${marker}`, code: 'DB92', codeTitle: 'Non-alcoholic fatty liver disease', slices: 2, seed: 22 });
	draft = await createResearchCase(api, { author, title: `Borrador ${marker}`, code: 'DB94.1', codeTitle: 'Alcoholic hepatitis', slices: 2, seed: 23, status: 'draft' });
});

async function unzip(path: string): Promise<Map<string, Uint8Array>> {
	const reader = new ZipReader(new Uint8ArrayReader(await readFile(path)));
	const files = new Map<string, Uint8Array>();
	for (const entry of await reader.getEntries()) if (!entry.directory) files.set(entry.filename, await entry.getData(new Uint8ArrayWriter()));
	await reader.close();
	return files;
}

test('a researcher filters by code, reads the counts and downloads the ZIP', async ({ page }, testInfo) => {
	const locale = localeOf(testInfo.project.name);
	await useLocale(page, locale);
	await signIn(page, locale, researcher.email, researcher.password);
	await page.getByRole('navigation').getByRole('link', { name: t(locale, 'research_nav') }).click();
	await expect(page.getByRole('heading', { level: 1, name: t(locale, 'research_title') })).toBeVisible();

	const form = page.getByTestId('research-form');
	await form.getByLabel(t(locale, 'research_q_label')).fill(marker);
	await form.getByLabel(t(locale, 'research_icd_label')).fill('db94');
	await form.getByRole('button', { name: t(locale, 'research_apply') }).click();
	await expect(page).toHaveURL(new RegExp(`/research\\?icd=DB94&q=${marker}$`));

	// DB94 selects DB94.10 (a child after the dot); the draft DB94.1 case and DB92 are not counted.
	const counts = page.getByTestId('research-counts');
	await expect(counts.getByTestId('research-total-cases')).toHaveText(t(locale, 'research_cases', counted(1)));
	await expect(counts.getByTestId('research-total-series')).toHaveText(t(locale, 'research_series', counted(1)));
	await expect(counts.getByTestId('research-total-instances')).toHaveText(t(locale, 'research_instances', counted(3)));
	const bytes = cirrhosis.dicom.reduce((n, f) => n + f.length, 0);
	await expect(counts.getByTestId('research-total-bytes')).toHaveText(t(locale, 'research_bytes', { size: formatBytes(bytes, locale) }));
	const row = page.getByTestId('research-codes').getByRole('row', { name: /DB94\.10/ });
	await expect(row).toContainText('Alcoholic hepatitis with cirrhosis');
	await expect(page.getByTestId('research-cases').getByRole('link')).toHaveText([`Cirrosis ${marker}`]);

	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('research-download').click()]);
	expect(download.suggestedFilename()).toBe('cassette-dataset.zip');
	const files = await unzip(await download.path());
	const names = [...files.keys()];
	const dicom = [1, 2, 3].map((n) => `cases/${cirrhosis.caseId}/${cirrhosis.seriesId}/0000${n}.dcm`);
	expect(names).toEqual([...dicom, `labels/${cirrhosis.caseId}.dcm`, 'manifest.csv', 'manifest.json', 'datalist.json', 'README.md', 'SHA256SUMS']);
	dicom.forEach((name, i) => expect(files.get(name)).toEqual(cirrhosis.dicom[i]));
	expect(names.some((n) => n.includes(draft.caseId))).toBe(false);
	// the case's optional diagnosis from the whole MMS rides along, in the manifest's last two columns
	const [header, first] = new TextDecoder().decode(files.get('manifest.csv')).trim().split('\n');
	expect(header.split(',').slice(-2)).toEqual(['diagnosis_icd11_code', 'diagnosis_icd11_title']);
	expect(first.split(',').slice(-2)).toEqual(['DB94.1', 'Alcoholic hepatitis']);
	const sums = new TextDecoder().decode(files.get('SHA256SUMS')).trim().split('\n');
	expect(sums).toHaveLength(names.length - 1);
	for (const line of sums) {
		const [sum, name] = line.split('  ');
		expect(createHash('sha256').update(files.get(name)!).digest('hex'), name).toBe(sum);
	}

	// A range before any case was created selects nothing, and says so instead of offering a download.
	await form.getByLabel(t(locale, 'research_to_label')).fill('2001-01-31');
	await expect(page.getByText(t(locale, 'research_empty'))).toBeVisible();
	await expect(page.getByTestId('research-download')).toHaveCount(0);
});

test('a contributor never sees the Research page or its link; a guest is sent to sign in', async ({ page }, testInfo) => {
	const locale = localeOf(testInfo.project.name);
	await useLocale(page, locale);
	await page.goto('/research?icd=DB94');
	await expect(page).toHaveURL(/\/signin\?next=%2Fresearch%3Ficd%3DDB94$/);

	await signIn(page, locale, contributor.email, contributor.password);
	await expect(page.getByRole('navigation').getByRole('link', { name: t(locale, 'research_nav') })).toHaveCount(0);
	await page.goto('/research');
	await expect(page.getByTestId('research-only')).toHaveText(t(locale, 'research_only'));
	await expect(page.getByTestId('research-form')).toHaveCount(0);
	await expect(page.getByText(marker)).toHaveCount(0);
});
