// From the PACS to a published case on a phone: a real Orthanc + DICOMweb behind nginx (CORS for
// the app's origin only), seeded with a generated PHI-laden study. The contributor adds a
// connection (kept in this browser), searches by patient ID and by date, imports the CT series
// streamed over WADO-RS, and publishes. Every request is captured: nothing identifying, and
// neither the PACS address nor its credentials, reaches Cassette's server or its data dir.
// Nothing lifts the server's Content-Security-Policy: global setup starts the PACS before the
// server and lists its origins in CASSETTE_PACS_ORIGINS, as a deployment does (tests/pacs/e2e-pacs.ts).
import { expect, serverUrl, t, test, useLocale, type Locale } from './env';
import { writeCase } from './fixtures/authoring/case-form';
import { findNeedles, removeStudies, writeStudy, type StudyOnDisk } from './fixtures/authoring/phi-study';
import { captureRequests, sentHits } from './fixtures/authoring/requests';
import { scanServerData } from './fixtures/authoring/server-data';
import { storedCases, verifiedContributor } from './fixtures/authoring/session';
import { e2ePacs, HOSPITAL_ACCOUNT as ACCOUNT, type E2ePacsInfo } from '../pacs/e2e-pacs';
import { emptyOrthanc, storeInOrthanc } from '../pacs/pacs';

let pacs: E2ePacsInfo['hospital'];
let input: StudyOnDisk;

test.beforeAll(async () => {
	pacs = e2ePacs().hospital;
	// the suite's one hospital PACS: each project starts from an archive holding this study only
	await emptyOrthanc(pacs.orthancUrl, pacs.authHeader);
	input = writeStudy('pacs-e2e', 6);
	await storeInOrthanc(pacs.orthancUrl, pacs.authHeader, input.study.files.map((f) => f.bytes));
});

test.afterAll(() => {
	removeStudies();
});

async function addConnection(page: import('@playwright/test').Page, locale: Locale, label: string, url: string, password = ACCOUNT.password) {
	const form = page.getByTestId('pacs-add');
	await form.getByLabel(t(locale, 'pacs_label')).fill(label);
	await form.getByLabel(t(locale, 'pacs_url')).fill(url);
	await form.getByLabel(t(locale, 'pacs_auth')).selectOption('basic');
	await form.getByLabel(t(locale, 'pacs_username')).fill(ACCOUNT.username);
	await form.getByLabel(t(locale, 'pacs_password'), { exact: true }).fill(password);
	await form.getByRole('button', { name: t(locale, 'pacs_add') }).click();
	return page.getByTestId('pacs-connection').filter({ hasText: label });
}

test.describe('with the PACS listed in CASSETTE_PACS_ORIGINS', () => {
	test('search the PACS by patient ID and by date, import the CT series streamed, publish: no PHI, PACS address or credential reaches the server', async ({ page }) => {
		test.setTimeout(180_000);
		const locale: Locale = 'en';
		await useLocale(page, locale);
		const sent = await captureRequests(page);
		const who = await verifiedContributor(page, locale, 'pacs');
		// the detector sees the PHI in what the PACS holds, so a clean result below means something
		expect(findNeedles(input.study.files[0].bytes, input.needles)).toContain(input.study.phi[0]);

		await page.goto('/pacs');
		const connection = await addConnection(page, locale, 'Hospital PACS', pacs.dicomWebUrl);
		await expect(connection.getByTestId('pacs-test-ok')).toHaveText(t(locale, 'pacs_test_ok'));
		// the connection survives a reload: it is in this browser's storage
		await page.reload();
		await expect(page.getByTestId('pacs-connection')).toHaveCount(1);

		const patientId = input.study.phi.find((v) => v.startsWith('NHC-'))!;
		const search = page.getByTestId('pacs-search');
		await search.getByLabel(t(locale, 'pacs_patient_id')).fill(patientId.slice(0, 8));
		await search.getByRole('button', { name: t(locale, 'pacs_search') }).click();
		// a patient ID is matched exactly (PS3.4 C.2.2.2.1): the prefix finds nothing, the whole ID finds the study
		await expect(page.getByTestId('pacs-no-studies')).toBeVisible();
		const studyDate = await (await fetch(`${pacs.orthancUrl}/studies?expand`, { headers: { Authorization: pacs.authHeader! } })).json().then((s: { MainDicomTags: { StudyDate: string } }[]) => s[0].MainDicomTags.StudyDate);
		await search.getByLabel(t(locale, 'pacs_patient_id')).fill('');
		const day = `${studyDate.slice(0, 4)}-${studyDate.slice(4, 6)}-${studyDate.slice(6, 8)}`;
		await search.getByLabel(t(locale, 'pacs_date_from')).fill(day);
		await search.getByLabel(t(locale, 'pacs_date_to')).fill(day);
		await search.getByRole('button', { name: t(locale, 'pacs_search') }).click();
		await expect(page.getByTestId('pacs-study')).toHaveCount(1);
		await search.getByLabel(t(locale, 'pacs_date_from')).fill('');
		await search.getByLabel(t(locale, 'pacs_date_to')).fill('');
		await search.getByLabel(t(locale, 'pacs_patient_id')).fill(patientId);
		await search.getByRole('button', { name: t(locale, 'pacs_search') }).click();
		const study = page.getByTestId('pacs-study');
		await expect(study).toHaveCount(1);
		// the patient's identity is shown here, on the device (as the import screen shows original descriptions)
		await expect(study).toContainText(patientId);
		await expect(study).toContainText(t(locale, 'pacs_study_line', { date: day, modalities: 'CT, OT', series: '3', instances: '8' }));

		await study.getByRole('button', { name: t(locale, 'pacs_open_study') }).click();
		const ctSeries = page.getByTestId('pacs-series').filter({ hasText: t(locale, 'pacs_series_line', { modality: 'CT', count: '6', description: '' }).trim().replace(/ ·$/, '') });
		await expect(page.getByTestId('pacs-series')).toHaveCount(3);
		await ctSeries.getByRole('button', { name: t(locale, 'pacs_retrieve') }).click();
		await expect(page.getByTestId('import-done')).toBeVisible({ timeout: 60_000 });

		await page.getByTestId('open-draft').click();
		await expect(page.getByTestId('draft-editor')).toBeVisible();
		await expect(page.getByTestId('series-editor')).toHaveCount(1);
		await writeCase(page, locale, 'Steatosis from the PACS');
		await page.getByTestId('publish').click();
		await expect(page.getByTestId('public-url')).toBeVisible({ timeout: 90_000 });

		// what went to Cassette's server: no PHI, no PACS address, no credential
		const toServer = sent.filter((s) => s.url.startsWith(serverUrl()));
		expect(toServer.some((s) => s.url.includes('/api/collections/images/records') && s.body.length > 1000), 'image bodies were captured').toBe(true);
		expect(sent.some((s) => s.url.startsWith(pacs.dicomWebUrl)), 'the PACS was called from the browser').toBe(true);
		expect(sentHits(toServer, input.needles, input.fileNeedles, input.study.phiBytes)).toEqual([]);
		const pacsSecrets = [new URL(pacs.dicomWebUrl).host, ACCOUNT.username, ACCOUNT.password, pacs.authHeader!.slice('Basic '.length)];
		expect(sentHits(toServer, pacsSecrets)).toEqual([]);

		const [stored] = await storedCases(who);
		expect(stored.imageCount).toBe(6);
		const onDisk = scanServerData([...input.needles, ...pacsSecrets], [...input.fileNeedles, ...pacsSecrets], input.study.phiBytes);
		expect(onDisk.storedFiles).toBeGreaterThan(0);
		expect(onDisk.hits).toEqual([]);
	});

	test('a PACS without CORS headers, a wrong password and an address where nothing listens each get a clear message (es)', async ({ page }) => {
		const locale: Locale = 'es';
		await useLocale(page, locale);
		await verifiedContributor(page, locale, 'pacserr');
		await page.goto('/pacs');

		const direct = await addConnection(page, locale, 'Orthanc sin proxy', pacs.directDicomWebUrl);
		await expect(direct.getByTestId('pacs-error')).toContainText(t(locale, 'pacs_error_cors'));
		const headers = direct.getByTestId('pacs-cors-headers');
		await expect(headers).toContainText(`Access-Control-Allow-Origin: ${new URL(serverUrl()).origin}`);
		await expect(headers).toContainText('Access-Control-Allow-Headers: Authorization, Accept, Content-Type');

		const wrong = await addConnection(page, locale, 'Contraseña mala', pacs.dicomWebUrl, 'not-the-password');
		await expect(wrong.getByTestId('pacs-error')).toHaveText(t(locale, 'pacs_error_unauthorized'));

		// listed in the server's policy, so the browser tries, and nothing listens there
		const nowhere = await addConnection(page, locale, 'Nadie escucha', e2ePacs().unreachableUrl);
		await expect(nowhere.getByTestId('pacs-error')).toHaveText(t(locale, 'pacs_error_unreachable'));

		await nowhere.getByRole('button', { name: t(locale, 'pacs_remove') }).click();
		await expect(page.getByTestId('pacs-connection')).toHaveCount(2);
	});
});

test('a PACS origin the server does not list is blocked by its Content-Security-Policy, and the contributor is told it is this server’s policy', async ({ page }) => {
	const locale: Locale = 'en';
	await useLocale(page, locale);
	await verifiedContributor(page, locale, 'pacscsp');
	await page.goto('/pacs');
	// the same nginx under another name: localhost is not the listed 127.0.0.1 origin
	const unlisted = pacs.dicomWebUrl.replace('//127.0.0.1:', '//localhost:');
	const blocked = await addConnection(page, locale, 'Blocked', unlisted);
	await expect(blocked.getByTestId('pacs-error')).toHaveText(t(locale, 'pacs_error_csp'));
});
