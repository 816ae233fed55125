#!/usr/bin/env node
// Generates src/lib/pocketbase/types.generated.ts from the server's own schema: runs
// `cassette-server types` (which migrates a throw-away data dir, so no running server or
// superuser token is needed) and appends runtime lists of every select field's values, so forms
// (country, academic year, specialty, language) offer exactly what the server accepts.
//
//   node scripts/gen-pb-types.js [--check]
//
// --check exits 1 when the committed file differs from what the schema gives (for CI).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVER_BIN = path.join(ROOT, 'pocketbase', 'cassette-server');
const OUT = path.join(ROOT, 'src', 'lib', 'pocketbase', 'types.generated.ts');

/** withOptionLists appends `export const <Name>Values = [...] as const` for each `<Name>Options` union. */
export function withOptionLists(source) {
	const lists = [];
	for (const match of source.matchAll(/^export type (\w+)Options = (.+);$/gm)) {
		const values = [...match[2].matchAll(/'([^']*)'/g)].map((v) => v[1]);
		lists.push(`export const ${match[1]}Values: readonly ${match[1]}Options[] = ${JSON.stringify(values)};`);
	}
	return `${source.trimEnd()}\n\n// Runtime lists of the select values above (added by scripts/gen-pb-types.js).\n${lists.join('\n')}\n`;
}

function generate() {
	if (!existsSync(SERVER_BIN)) {
		throw new Error(`${SERVER_BIN} is missing: build it first (cd pocketbase && go build -o cassette-server .)`);
	}
	const dir = mkdtempSync(path.join(tmpdir(), 'cassette-types-'));
	try {
		const r = spawnSync(SERVER_BIN, ['types', '--dir', dir], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
		if (r.status !== 0) throw new Error(`cassette-server types failed:\n${r.stderr}`);
		return withOptionLists(r.stdout);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	try {
		const text = generate();
		if (process.argv.includes('--check')) {
			const current = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '';
			if (current !== text) {
				console.error(`${path.relative(ROOT, OUT)} is out of date: run node scripts/gen-pb-types.js`);
				process.exit(1);
			}
			console.log(`${path.relative(ROOT, OUT)} matches the server schema`);
		} else {
			writeFileSync(OUT, text);
			console.log(`wrote ${path.relative(ROOT, OUT)}`);
		}
	} catch (err) {
		console.error(err instanceof Error ? err.message : err);
		process.exit(1);
	}
}
