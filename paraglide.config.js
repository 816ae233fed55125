// paraglide.config.js holds the paraglide compiler options in one place: the Vite plugin uses
// them for dev and build, and scripts/paraglide-compile.js for tools that run before any build
// (svelte-check, Vitest in a fresh clone).
/** @type {{ project: string, outdir: string, strategy: ('localStorage' | 'preferredLanguage' | 'baseLocale')[] }} */
export const paraglideOptions = {
	project: './project.inlang',
	outdir: './src/lib/paraglide',
	// The user's explicit choice wins, then the browser's languages; Spanish is the base because
	// the first users are Spanish residents.
	strategy: ['localStorage', 'preferredLanguage', 'baseLocale']
};
