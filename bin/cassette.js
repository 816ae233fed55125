#!/usr/bin/env node
// cassette: the CLI entry. tsx compiles the TypeScript sources on the fly, so `npx cassette`
// works right after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
