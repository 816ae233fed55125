/**
 * CHROMIUM_LAUNCH is how every test and benchmark starts a browser: Debian's Chromium, never a
 * downloaded one (STACK-NOTES.md; `npm test` installs it with apt-get). The flags keep it from
 * calling home, which this machine's closed network refuses.
 */
export const CHROMIUM_LAUNCH = {
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--disable-quic',
		'--no-first-run'
	]
};
