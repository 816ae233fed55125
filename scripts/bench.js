#!/usr/bin/env node
// bench: `npm run bench [-- --slices N --runs R --skip-browser --skip-viewer]`. Prints one table
// comparing Cassette with gdcmanon and dcmjs (de-identification), its import pipeline in Chromium,
// and the stack viewer against preloaded <img> (needs the built server, pocketbase/cassette-server).
import { register } from 'tsx/esm/api';

register();
await import('../tests/bench/run.ts');
