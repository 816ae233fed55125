import { createAccount, emailLink, expect, LOCALES, serverUrl, signIn, t, test, uniqueAccount, useLocale } from './env';

for (const locale of LOCALES) {
	const other = locale === 'es' ? 'en' : 'es';

	test(`sign up, verify by email, sign in, edit profile, switch language, sign out (${locale})`, async ({ page }) => {
		await useLocale(page, locale);
		const account = uniqueAccount(`su${locale}`);

		await page.goto('/signup');
		await expect(page.locator('html')).toHaveAttribute('lang', locale);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(locale, 'signup_title'));
		await page.locator('input[name=username]').fill(account.username);
		await page.locator('input[name=email]').fill(account.email);
		await page.locator('input[name=password]').fill(account.password);
		await page.locator('input[name=passwordConfirm]').fill(`${account.password}-typo`);
		await page.locator('input[name=name]').fill('Ana Residente');
		// Country names come from Intl.DisplayNames in the reader's language.
		await expect(page.locator('select[name=country] option[value=ES]')).toHaveText(locale === 'es' ? 'España' : 'Spain');
		await page.locator('select[name=country]').selectOption('ES');
		await page.getByRole('button', { name: t(locale, 'signup_submit') }).click();
		await expect(page.getByText(t(locale, 'error_password_mismatch'))).toBeVisible();

		await page.locator('input[name=passwordConfirm]').fill(account.password);
		await page.getByRole('button', { name: t(locale, 'signup_submit') }).click();
		await expect(page.getByText(t(locale, 'signup_done_text', { email: account.email }))).toBeVisible();

		const { link } = await emailLink(account.email, '/verify/');
		expect(link.startsWith(`${serverUrl()}/verify/`)).toBe(true);

		// Signed in but unverified: the app says why contributing is not possible yet.
		await signIn(page, locale, account.email, account.password);
		await expect(page.getByTestId('verify-banner')).toContainText(t(locale, 'verify_banner_text', { email: account.email }));

		await page.goto(new URL(link).pathname);
		await expect(page.getByTestId('verify-done')).toHaveText(t(locale, 'verify_done'));
		await page.goto('/');
		await expect(page.getByTestId('verify-banner')).toHaveCount(0);

		await page.getByRole('navigation').getByRole('link', { name: t(locale, 'nav_profile') }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(locale, 'profile_title'));
		await expect(page.locator('input[name=name]')).toHaveValue('Ana Residente');
		await expect(page.locator('select[name=country]')).toHaveValue('ES');
		await page.locator('input[name=name]').fill('Ana R. Residente');
		await page.locator('select[name=academic_year]').selectOption('R2');
		await page.locator('select[name=specialty]').selectOption('abdominal');
		await page.locator('input[name=work_location]').fill('Hospital Universitario');
		await page.getByRole('button', { name: t(locale, 'profile_save') }).click();
		await expect(page.getByText(t(locale, 'profile_saved'))).toBeVisible();
		await page.reload();
		await expect(page.locator('input[name=name]')).toHaveValue('Ana R. Residente');
		await expect(page.locator('select[name=academic_year]')).toHaveValue('R2');
		await expect(page.locator('select[name=specialty]')).toHaveValue('abdominal');
		await expect(page.locator('input[name=work_location]')).toHaveValue('Hospital Universitario');

		// The switch reloads the app in the other language, and the choice is remembered.
		await page.getByTestId('language-switch').selectOption(other);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(other, 'profile_title'));
		await expect(page.locator('html')).toHaveAttribute('lang', other);
		await page.reload();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(other, 'profile_title'));
		await expect(page.getByRole('navigation').getByRole('link', { name: t(other, 'nav_cases'), exact: true })).toBeVisible();

		await page.getByRole('button', { name: t(other, 'nav_sign_out') }).click();
		await expect(page.getByRole('navigation').getByRole('link', { name: t(other, 'nav_sign_in') })).toBeVisible();
		await expect(page.getByRole('navigation').getByRole('link', { name: t(other, 'nav_profile') })).toHaveCount(0);
	});

	test(`password reset through the emailed link (${locale})`, async ({ page }) => {
		await useLocale(page, locale);
		const account = uniqueAccount(`rs${locale}`);
		await createAccount(account, locale);

		await page.goto('/signin');
		await page.getByRole('link', { name: t(locale, 'signin_forgot') }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(locale, 'reset_title'));
		await page.locator('input[name=email]').fill(account.email);
		await page.getByRole('button', { name: t(locale, 'reset_submit') }).click();
		await expect(page.getByText(t(locale, 'reset_sent', { email: account.email }))).toBeVisible();

		const { link } = await emailLink(account.email, '/reset/');
		await page.goto(new URL(link).pathname);
		const newPassword = `${account.password}-new`;
		await page.locator('input[name=password]').fill(newPassword);
		await page.locator('input[name=passwordConfirm]').fill(newPassword);
		await page.getByRole('button', { name: t(locale, 'reset_new_submit') }).click();
		await expect(page.getByTestId('reset-done')).toHaveText(t(locale, 'reset_done'));

		// The old password no longer works; the new one does.
		await page.goto('/signin');
		await page.locator('input[name=identity]').fill(account.email);
		await page.locator('input[name=password]').fill(account.password);
		await page.getByRole('button', { name: t(locale, 'signin_submit') }).click();
		await expect(page.getByRole('alert')).toContainText(t(locale, 'error_sign_in_failed'));
		await signIn(page, locale, account.email, newPassword);
	});

	test(`change of email through the link sent to the new address (${locale})`, async ({ page }) => {
		await useLocale(page, locale);
		const account = uniqueAccount(`em${locale}`);
		await createAccount(account, locale);
		await signIn(page, locale, account.email, account.password);

		const newEmail = `new-${account.email}`;
		await page.goto('/profile');
		await page.locator('input[name=newEmail]').fill(newEmail);
		await page.getByRole('button', { name: t(locale, 'profile_email_submit') }).click();
		await expect(page.getByText(t(locale, 'profile_email_sent', { email: newEmail }))).toBeVisible();

		const { link } = await emailLink(newEmail, '/confirm-email/');
		await page.goto(new URL(link).pathname);
		await page.locator('input[name=password]').fill(account.password);
		await page.getByRole('button', { name: t(locale, 'confirm_email_submit') }).click();
		await expect(page.getByTestId('confirm-email-done')).toHaveText(t(locale, 'confirm_email_done'));
		await signIn(page, locale, newEmail, account.password);
	});
}

test('an empty sign-up marks every required field; a link verified on another device opens sign-in with the email filled', async ({ page, browser }) => {
	const locale = 'es';
	await useLocale(page, locale);
	await page.goto('/signup');
	await page.getByRole('button', { name: t(locale, 'signup_submit') }).click();
	for (const name of ['username', 'email', 'password', 'passwordConfirm']) await expect(page.locator(`input[name=${name}]`)).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByText(t(locale, 'error_required'))).toHaveCount(4);

	const account = uniqueAccount('vfy');
	await page.locator('input[name=username]').fill(account.username);
	await page.locator('input[name=email]').fill(account.email);
	await page.locator('input[name=password]').fill(account.password);
	await page.locator('input[name=passwordConfirm]').fill(account.password);
	await page.getByRole('button', { name: t(locale, 'signup_submit') }).click();
	await expect(page.getByText(t(locale, 'signup_done_text', { email: account.email }))).toBeVisible();

	// the email is opened on a phone where nobody is signed in
	const { link } = await emailLink(account.email, '/verify/');
	const other = await browser.newContext({ baseURL: serverUrl() });
	const phone = await other.newPage();
	await useLocale(phone, locale);
	await phone.goto(new URL(link).pathname);
	await expect(phone.getByTestId('verify-done')).toBeVisible();
	await phone.getByRole('link', { name: t(locale, 'verify_continue') }).click();
	await expect(phone.getByRole('heading', { level: 1 })).toHaveText(t(locale, 'signin_title'));
	await expect(phone.locator('input[name=identity]')).toHaveValue(account.email);
	await phone.locator('input[name=password]').fill(account.password);
	await phone.locator('input[name=password]').press('Enter');
	await expect(phone.getByRole('navigation').getByRole('link', { name: t(locale, 'nav_profile') })).toBeVisible();
	await other.close();
});
