// Contributors hear back: an admin's research update reaches consenting contributors in the
// local inbox in their own language; the email's unsubscribe link works with no sign-in (a
// second update no longer reaches them), and opting back in on the profile brings the next one.
import { createSuperuser, verifiedAccount, type Superuser } from './admin-fixtures';
import { emailLink, expect, serverUrl, signIn, t, test, useLocale, type Locale } from './env';

interface InboxMessage {
	to: string[];
	subject: string;
	text: string;
}

/** subjectsTo lists the subjects the local inbox holds for `to`. */
async function subjectsTo(to: string): Promise<string[]> {
	const res = await fetch(`${process.env.CASSETTE_E2E_INBOX}/api/messages?to=${encodeURIComponent(to)}`);
	return ((await res.json()) as InboxMessage[]).map((m) => m.subject);
}

async function api(admin: Superuser, path: string, method: string, body?: unknown): Promise<Record<string, unknown>> {
	const res = await fetch(`${serverUrl()}${path}`, {
		method,
		headers: { 'content-type': 'application/json', authorization: admin.token },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
	return (await res.json()) as Record<string, unknown>;
}

/** consentedCase gives `author` a case with research consent, as the outbox would have published it. */
async function consentedCase(admin: Superuser, author: string): Promise<void> {
	await api(admin, '/api/collections/cases/records', 'POST', {
		author,
		title: 'Hepatic steatosis',
		category: 'abdomen',
		status: 'published',
		phi_acknowledged: true,
		research_consent: true,
		icd11_code: 'DB92',
		icd11_title: 'Non-alcoholic fatty liver disease'
	});
}

/** sendUpdate creates an update straight in "sending" (as the dashboard saves it) and waits until the server has sent it. */
async function sendUpdate(admin: Superuser, tag: string): Promise<{ es: string; en: string }> {
	const subjects = { es: `Novedades ${tag}`, en: `News ${tag}` };
	const update = await api(admin, '/api/collections/research_updates/records', 'POST', {
		subject_es: subjects.es,
		body_es: `El modelo ya segmenta lesiones (${tag}).`,
		subject_en: subjects.en,
		body_en: `The model now segments lesions (${tag}).`,
		status: 'sending',
		per_minute: 6000
	});
	await expect
		.poll(async () => (await api(admin, `/api/collections/research_updates/records/${update.id}`, 'GET')).status, { timeout: 60_000 })
		.toBe('sent');
	return subjects;
}

test('a research update reaches consenting contributors in their language; unsubscribe and opt back in', async ({ page }) => {
	test.setTimeout(180_000);
	const admin = await createSuperuser();
	const people = {} as Record<Locale, Awaited<ReturnType<typeof verifiedAccount>>>;
	for (const locale of ['es', 'en'] as const) {
		people[locale] = await verifiedAccount(admin, locale, `upd${locale}`);
		await consentedCase(admin, people[locale].id);
	}
	// a verified user without a consented case hears nothing
	const bystander = await verifiedAccount(admin, 'en', 'updnone');

	const first = await sendUpdate(admin, `uno-${Date.now().toString(36)}`);
	const links = {} as Record<Locale, string>;
	for (const locale of ['es', 'en'] as const) {
		const { link, message } = await emailLink(people[locale].email, '/unsubscribe/');
		expect(message.subject).toBe(first[locale]);
		expect(message.text).toContain(locale === 'es' ? 'El modelo ya segmenta lesiones' : 'The model now segments lesions');
		links[locale] = new URL(link).pathname;
	}
	expect(await subjectsTo(bystander.email)).toEqual([]);

	// the Spanish contributor unsubscribes with the email's link, signed out
	await useLocale(page, 'es');
	await page.goto(links.es);
	await expect(page.getByTestId('unsubscribe-done')).toHaveText(t('es', 'updates_unsubscribe_done'));

	// a link whose signature was altered is refused with a message in the reader's language
	await page.goto(links.en.slice(0, -3) + 'AAA');
	await expect(page.getByRole('alert')).toHaveText(t('es', 'updates_unsubscribe_invalid'));

	const second = await sendUpdate(admin, `dos-${Date.now().toString(36)}`);
	await expect.poll(() => subjectsTo(people.en.email)).toContain(second.en);
	expect(await subjectsTo(people.es.email)).not.toContain(second.es);

	// back in on the profile
	await signIn(page, 'es', people.es.email, people.es.password);
	await page.goto('/profile');
	const box = page.getByRole('checkbox', { name: t('es', 'updates_profile_checkbox') });
	await expect(box).not.toBeChecked();
	await expect(page.getByText(t('es', 'updates_profile_contributor'))).toBeVisible();
	await box.check();
	await expect(page.getByText(t('es', 'updates_profile_saved_on'))).toBeVisible();

	const third = await sendUpdate(admin, `tres-${Date.now().toString(36)}`);
	await expect.poll(() => subjectsTo(people.es.email)).toContain(third.es);
});
