/**
 * child-path: the path of an entry inside a folder, exactly as path.join would spell it, without
 * normalising the whole string again for each of a study's hundreds of files.
 */
import { join } from 'node:path';

const normalised = new Map<string, string>();

/** childPath is join(folder, name) for a plain file name (no separator, not "." or ".."). */
export function childPath(folder: string, name: string): string {
	if (name.includes('/') || name === '.' || name === '..') return join(folder, name);
	let base = normalised.get(folder);
	if (base === undefined) {
		if (normalised.size >= 256) normalised.clear();
		const joined = join(folder, '.');
		normalised.set(folder, (base = joined.endsWith('/') ? joined : `${joined}/`));
	}
	return base === './' ? name : base + name;
}
