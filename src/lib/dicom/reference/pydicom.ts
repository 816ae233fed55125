/**
 * pydicomReference runs pydicom_elements.py (Debian's /usr/bin/python3 with python3-pydicom)
 * on files and returns what pydicom read, for specs to compare with. Tests only.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** RefElement is [tag, VR as read or null (implicit), length or null (undefined or converted), items or null]. */
export type RefElement = [number, string | null, number | null, RefElement[][] | null];

/** RefFile is pydicom's reading of one file. */
export type RefFile =
	| { ok: true; transferSyntax: string | null; meta: RefElement[]; elements: RefElement[]; patientName: string[] | null }
	| { ok: false; error: string };

const script = fileURLToPath(new URL('./pydicom_elements.py', import.meta.url));

/** pydicomReference returns pydicom's reading of each file, keyed by path (one Python process for all). */
export function pydicomReference(paths: readonly string[]): Record<string, RefFile> {
	const out = execFileSync('/usr/bin/python3', [script, ...paths], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
	return JSON.parse(out) as Record<string, RefFile>;
}
