// The app's one door to paraglide: messages, the current language and switching it.
import { m } from '$lib/paraglide/messages';
import { getLocale, locales, setLocale, isLocale, type Locale } from '$lib/paraglide/runtime';

export { m, getLocale, locales, isLocale, type Locale };

/**
 * switchLanguage remembers the choice (paraglide's localStorage strategy) and reloads, so every
 * string of the page, including those computed in loaders, is in the new language.
 */
export function switchLanguage(locale: Locale): void {
	if (locale !== getLocale()) setLocale(locale);
}
