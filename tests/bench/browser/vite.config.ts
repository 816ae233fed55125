/** Vite config of the import bench page (tests/bench/page-vite-config.js). */
import { defineConfig } from 'vite';
import { benchPageConfig } from '../page-vite-config.js';

export default defineConfig(benchPageConfig(new URL('.', import.meta.url)));
