/**
 * The layering rules of the app, checked on every import (issue 18, STYLE.md habits 1, 3, 13):
 * components render and delegate (no IndexedDB, no DICOM engine, no worker pool of their own);
 * runes state never reaches into the UI; the pure core stays pure; test helpers stay in tests/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');

/** ImportRef is one import of a file: where it points (as written) and whether it brings values or types only. */
interface ImportRef {
	from: string;
	typeOnly: boolean;
}

/** importsOf lists the static, re-export and dynamic imports of a source text. */
export function importsOf(text: string): ImportRef[] {
	const out: ImportRef[] = [];
	for (const m of text.matchAll(/(?:^|\n)\s*(import|export)\s+(type\s+)?([^'"]*?)\s*from\s*['"]([^'"]+)['"]/g)) {
		const names = m[3];
		const allTypes = /^\{[^}]*\}$/.test(names.trim()) && names.replace(/[{}\s]/g, '').split(',').filter(Boolean).every((n) => n.startsWith('type'));
		out.push({ from: m[4], typeOnly: m[2] !== undefined || allTypes });
	}
	for (const m of text.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) out.push({ from: m[1], typeOnly: false });
	for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push({ from: m[1], typeOnly: false });
	return out;
}

/** target turns an import into a path relative to the repository ("src/lib/db", "tests/...") or the package name. */
function target(file: string, from: string): string {
	if (from.startsWith('$lib/')) return `src/lib/${from.slice(5)}`;
	if (from.startsWith('.')) return relative(ROOT, resolve(dirname(file), from));
	return from;
}

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const path = join(dir, e.name);
		if (e.isDirectory()) return e.name === 'paraglide' ? [] : sourceFiles(path);
		return /\.(ts|svelte)$/.test(e.name) && !/\.spec\.ts$/.test(e.name) ? [path] : [];
	});
}

const under = (path: string, ...prefixes: string[]) => prefixes.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}.`));

/** Rule is one layering rule: which files it governs, and what it says of one value import. */
interface Rule {
	name: string;
	applies: (file: string) => boolean;
	forbids: (to: string, ref: ImportRef, file: string) => boolean;
}

const RULES: Rule[] = [
	{
		name: 'components never import the database, the DICOM engine or the worker pool (window presets are vocabulary)',
		applies: (file) => file.endsWith('.svelte'),
		forbids: (to, ref) => !ref.typeOnly && (under(to, 'src/lib/db', 'src/lib/workers') || (under(to, 'src/lib/dicom') && !under(to, 'src/lib/dicom/render/window')))
	},
	{
		name: 'lib/state never imports lib/ui',
		applies: (file) => under(file, 'src/lib/state'),
		forbids: (to) => under(to, 'src/lib/ui')
	},
	{
		name: 'lib/authoring is plain functions: no UI, no runes state',
		applies: (file) => under(file, 'src/lib/authoring'),
		forbids: (to) => under(to, 'src/lib/ui', 'src/lib/state') || to === 'svelte'
	},
	{
		name: 'the DICOM core touches no storage, state, UI or network',
		applies: (file) => under(file, 'src/lib/dicom'),
		forbids: (to) => under(to, 'src/lib/db', 'src/lib/state', 'src/lib/ui', 'src/lib/sync', 'src/lib/pocketbase') || to === 'svelte' || to === 'pocketbase' || to === 'idb'
	},
	{
		name: 'app code never imports test helpers',
		applies: (file) => under(file, 'src'),
		forbids: (to) => under(to, 'tests')
	}
];

/** violations lists "file → import (rule)" for every value import a rule forbids. */
function violations(files: { path: string; text: string }[]): string[] {
	const out: string[] = [];
	for (const { path, text } of files) {
		const file = relative(ROOT, path);
		for (const ref of importsOf(text)) {
			const to = target(path, ref.from);
			for (const rule of RULES) if (rule.applies(file) && rule.forbids(to, ref, file)) out.push(`${file} → ${ref.from} (${rule.name})`);
		}
		if (!under(file, 'src/lib/workers') && /new\s+DicomWorkerPool\s*\(/.test(text)) out.push(`${file} constructs a DicomWorkerPool (only lib/workers does)`);
	}
	return out;
}

describe('layering', () => {
	it('reads imports as a bundler does: values, types, re-exports and dynamic imports', () => {
		const refs = importsOf(`
	import { getImage, type DraftsDb } from '$lib/db';
	import type { Window } from '$lib/dicom/render';
	import { type A, type B } from './x';
	export { thing } from "../y";
	const lazy = await import('$lib/dicom/parse');
	import './side-effect';`);
		expect(refs).toEqual([
			{ from: '$lib/db', typeOnly: false },
			{ from: '$lib/dicom/render', typeOnly: true },
			{ from: './x', typeOnly: true },
			{ from: '../y', typeOnly: false },
			{ from: './side-effect', typeOnly: false },
			{ from: '$lib/dicom/parse', typeOnly: false }
		]);
	});

	it('flags what the rules forbid (so a clean tree is not a blind scanner)', () => {
		const found = violations([
			{ path: join(SRC, 'lib/ui/authoring/Bad.svelte'), text: "<script lang=\"ts\">\n\timport { parseDicom } from '$lib/dicom/parse';\n\timport type { DraftsDb } from '$lib/db';\n</script>" },
			{ path: join(SRC, 'lib/state/bad.svelte.ts'), text: "import { describeError } from '../ui/handle-error';\nconst p = new DicomWorkerPool();" },
			{ path: join(SRC, 'lib/dicom/bad.ts'), text: "import { openDB } from 'idb';\nimport { x } from '../../../tests/support/pydicom-files';" }
		]);
		expect(found).toEqual([
			expect.stringMatching(/^src\/lib\/ui\/authoring\/Bad.svelte → \$lib\/dicom\/parse \(components/),
			expect.stringMatching(/^src\/lib\/state\/bad.svelte.ts → ..\/ui\/handle-error \(lib\/state never/),
			'src/lib/state/bad.svelte.ts constructs a DicomWorkerPool (only lib/workers does)',
			expect.stringMatching(/^src\/lib\/dicom\/bad.ts → idb \(the DICOM core/),
			expect.stringMatching(/^src\/lib\/dicom\/bad.ts → ..\/..\/..\/tests\/support\/pydicom-files \(app code/)
		]);
	});

	it('holds for every source file of the app and its workers', () => {
		const files = [...sourceFiles(SRC), ...sourceFiles(join(ROOT, 'workers'))].map((path) => ({ path, text: readFileSync(path, 'utf8') }));
		expect(files.length).toBeGreaterThan(150);
		expect(violations(files)).toEqual([]);
	});
});
