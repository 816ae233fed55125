/**
 * Vite config of the OCR bench page (tests/bench/page-vite-config.js): the app's OCR worker
 * (workers/ocr.worker.ts, tesseract.js with the app's own core and trained data, served by the
 * app's Vite plugin) driven from a plain page.
 */
import { defineConfig } from 'vite';
import { ocrLanguageData } from '../../../src/lib/ocr/vite-plugin.js';
import { benchPageConfig } from '../page-vite-config.js';

export default defineConfig(benchPageConfig(new URL('.', import.meta.url), [ocrLanguageData()]));
