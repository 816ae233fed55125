/**
 * inspect: `cassette inspect FILE`: the header as JSON, the burned-in text risk and the
 * de-identification plan (what each attribute becomes, old value beside new; on the user's
 * own machine).
 */
import { readFile } from 'node:fs/promises';
import { burnedInRisk, planDeidentification, type DeidContext } from '../lib/dicom/deid';
import { parseDicom } from '../lib/dicom/parse';
import { headerJson } from './header-json';

/** inspectFile returns the JSON document `cassette inspect` prints. */
export async function inspectFile(path: string, context: DeidContext) {
	const file = parseDicom(new Uint8Array(await readFile(path)));
	return {
		file: path,
		transferSyntaxUID: file.transferSyntaxUID,
		hasPreamble: file.hasPreamble,
		meta: file.meta ? headerJson(file.meta) : null,
		dataset: headerJson(file.dataset),
		burnedIn: burnedInRisk(file),
		plan: planDeidentification(file, context)
	};
}
