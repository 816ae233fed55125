import { createAccount, expect, LOCALES, serverUrl, signIn, t, test, uniqueAccount, useLocale } from './env';

for (const locale of LOCALES) {
	test(`deleting the account removes the user (${locale})`, async ({ page }) => {
		await useLocale(page, locale);
		const account = uniqueAccount(`del${locale}`);
		const id = await createAccount(account, locale);
		await signIn(page, locale, account.email, account.password);

		await page.goto('/profile');
		await expect(page.getByText(t(locale, 'profile_delete_warning'))).toBeVisible();
		const remove = page.getByRole('button', { name: t(locale, 'profile_delete_submit') });
		await expect(remove).toBeDisabled();
		await page.getByLabel(t(locale, 'profile_delete_confirm_label', { username: account.username })).fill(account.username);
		await remove.click();
		await expect(page.getByText(t(locale, 'profile_deleted'))).toBeVisible();
		await expect(page.getByRole('navigation').getByRole('link', { name: t(locale, 'nav_sign_in') })).toBeVisible();

		const view = await fetch(`${serverUrl()}/api/collections/users/records/${id}`);
		expect(view.status).toBe(404);
		const auth = await fetch(`${serverUrl()}/api/collections/users/auth-with-password`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ identity: account.email, password: account.password })
		});
		expect(auth.status).toBe(400);
	});
}
