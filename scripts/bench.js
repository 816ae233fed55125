#!/usr/bin/env node
// bench: `npm run bench [-- --slices N --runs R --skip-browser]`. Prints one table comparing
// Cassette with gdcmanon and dcmjs (de-identification) and its import pipeline in Chromium.
import { register } from 'tsx/esm/api';

register();
await import('../tests/bench/run.ts');
