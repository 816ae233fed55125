// Personal API tokens on the profile: a researcher makes one (name, expiry), sees it once, a
// program lists the research dataset with it, and once revoked it is refused. Contributors have
// no such section. Phone in Spanish, desktop in English.
import { createSuperuser, verifiedAccount } from './admin-fixtures';
import { expect, serverUrl, signIn, t, test, useLocale, type Locale } from './env';
import { grantRole } from '../research/fixture-cases';

const localeOf = (project: string): Locale => (project === 'phone' ? 'es' : 'en');

async function summaryWith(token: string): Promise<{ status: number; message: string }> {
	const res = await fetch(`${serverUrl()}/api/cassette/research/summary`, { headers: { authorization: `Bearer ${token}` } });
	return { status: res.status, message: ((await res.json()) as { message?: string }).message ?? '' };
}

test('a researcher creates a token on the profile, a program uses it, and revoking it locks it out', async ({ page }, testInfo) => {
	const locale = localeOf(testInfo.project.name);
	const admin = await createSuperuser();
	const researcher = await verifiedAccount(admin, locale, 'tokens');
	await grantRole({ url: serverUrl(), token: admin.token }, researcher.id, 'researcher');
	await useLocale(page, locale);
	await signIn(page, locale, researcher.email, researcher.password);
	await page.goto('/profile');

	const section = page.getByTestId('api-tokens');
	await expect(section.getByText(t(locale, 'research_tokens_none'))).toBeVisible();
	await section.getByLabel(t(locale, 'research_tokens_name'), { exact: true }).fill('laptop');
	await section.getByLabel(t(locale, 'research_tokens_days')).selectOption('7');
	await section.getByRole('button', { name: t(locale, 'research_tokens_create') }).click();
	const secret = (await section.getByTestId('new-token').textContent())!.trim();
	expect(secret).toMatch(/^cst_[A-Za-z0-9_-]{43}$/);
	await expect(section.getByTestId('api-token')).toHaveCount(1);
	await expect(section.getByTestId('api-token')).toContainText(`cst_…${secret.slice(-4)}`);
	expect((await summaryWith(secret)).status).toBe(200);

	// Shown once: a reload lists the token by its last characters only.
	await page.reload();
	await expect(section.getByTestId('api-token')).toContainText('laptop');
	await expect(page.getByText(secret)).toHaveCount(0);

	await section.getByRole('button', { name: t(locale, 'research_tokens_revoke', { name: 'laptop' }) }).click();
	await expect(page.getByText(t(locale, 'research_tokens_revoke_done', { name: 'laptop' }))).toBeVisible();
	await expect(section.getByTestId('api-token')).toContainText(t(locale, 'research_tokens_revoked'));
	expect(await summaryWith(secret)).toEqual({ status: 401, message: 'The API token was revoked.' });
});

test('a contributor has no API tokens section', async ({ page }, testInfo) => {
	const locale = localeOf(testInfo.project.name);
	const admin = await createSuperuser();
	const contributor = await verifiedAccount(admin, locale, 'notokens');
	await useLocale(page, locale);
	await signIn(page, locale, contributor.email, contributor.password);
	await page.goto('/profile');
	await expect(page.getByRole('heading', { level: 2, name: t(locale, 'profile_details') })).toBeVisible();
	await expect(page.getByTestId('api-tokens')).toHaveCount(0);
});
