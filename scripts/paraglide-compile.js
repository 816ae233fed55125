#!/usr/bin/env node
// Compiles messages/*.json into src/lib/paraglide (git-ignored) without a Vite build, so type
// checks can run on a fresh clone.
import { compile } from '@inlang/paraglide-js';
import { paraglideOptions } from '../paraglide.config.js';

await compile(paraglideOptions);
