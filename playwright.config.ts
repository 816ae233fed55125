import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_LAUNCH } from './tests/chromium';

// Debian's Chromium, never a downloaded browser (tests/chromium.ts).
const launchOptions = CHROMIUM_LAUNCH;

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	// Starts the mail catcher and the real server (built app embedded) on free ports.
	globalSetup: './tests/e2e/global-setup.ts',
	// Separate runs on one machine each need their own folder: a run empties it when it starts.
	outputDir: process.env.CASSETTE_E2E_OUTPUT ?? 'test-results',
	fullyParallel: false,
	// Two cores shared with the server: one browser at a time keeps timings honest.
	workers: 1,
	retries: 0,
	forbidOnly: true,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list'], ['json']] : 'list',
	use: {
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		serviceWorkers: 'allow'
	},
	projects: [
		{
			name: 'desktop-chromium',
			// The accessibility pass runs at phone width, in the phone project.
			testIgnore: /a11y\.e2e\.ts/,
			// journeys tagged @phone run once, on the phone profile (and @desktop ones on desktop only)
			grepInvert: /@phone/,
			use: { ...devices['Desktop Chrome'], channel: undefined, launchOptions }
		},
		{
			name: 'phone',
			grepInvert: /@desktop/,
			use: {
				viewport: { width: 412, height: 839 },
				deviceScaleFactor: 2.625,
				isMobile: true,
				hasTouch: true,
				userAgent: devices['Pixel 7'].userAgent,
				launchOptions
			}
		}
	]
});
