// ICD-11 MMS search timing (not part of `npm run bench`'s tables): parse and index the 17,220-code
// MMS once, then time what each keystroke costs, as the draft's diagnosis picker runs it.
//
//   node --import tsx tests/bench/icd11-search.ts [--runs 50]
//
// Node on the development machine, not a phone: a phone's CPU is several times slower, so read the
// per-keystroke figures against the ~16 ms of a frame with that in mind.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Icd11Mms, type MmsData } from '../../src/lib/cases/icd11-mms';
import { median } from './measure';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '50' } } });
const runs = Number(values.runs);
const text = readFileSync(new URL('../../src/lib/cases/icd11-mms.json', import.meta.url), 'utf8');

const loads: number[] = [];
let mms: Icd11Mms | null = null;
for (let i = 0; i < 5; i++) {
	const t0 = performance.now();
	mms = new Icd11Mms(JSON.parse(text) as MmsData);
	loads.push(performance.now() - t0);
}
console.log(`ICD-11 MMS: ${mms!.entries.length} codes, ${(text.length / 1e6).toFixed(2)} MB; JSON.parse + index: median ${median(loads).toFixed(1)} ms of 5\n`);

// What a phone user types, letter by letter (a word query, a code, a two-language query).
const queries = ['n', 'ne', 'neu', 'neum', 'neumonia', 'neumonia bac', 'D', 'DB', 'DB9', 'DB92', 'hepatitis cronica B', 'fractura de femur', 'zzqxw'];
const rows: string[][] = [];
for (const q of queries) {
	for (let i = 0; i < 3; i++) mms!.search(q, 'es'); // warm-up
	const times: number[] = [];
	let hits = 0;
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		hits = mms!.search(q, 'es', 12).length;
		times.push(performance.now() - t0);
	}
	times.sort((a, b) => a - b);
	rows.push([JSON.stringify(q), String(hits), median(times).toFixed(2), times[Math.floor(times.length * 0.95)].toFixed(2)]);
}
const widths = [0, 1, 2, 3].map((c) => Math.max(...[['query', 'results', 'median ms', 'p95 ms'], ...rows].map((r) => r[c].length)));
for (const r of [['query', 'results', 'median ms', 'p95 ms'], ...rows]) console.log('| ' + r.map((v, c) => v.padEnd(widths[c])).join(' | ') + ' |');
