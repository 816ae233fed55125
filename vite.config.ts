import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	worker: { format: 'es' },
	test: {
		include: ['src/**/*.spec.ts', 'workers/**/*.spec.ts', 'tests/unit/**/*.spec.ts'],
		environment: 'node',
		// DICOM tests read real files and decode large frames: give them room on a busy machine.
		testTimeout: 60_000,
		hookTimeout: 120_000
	}
});
