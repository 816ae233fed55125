import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childPath } from './child-path';

describe('childPath', () => {
	it('spells a path exactly as path.join does', () => {
		const folders = ['out', 'out/', './out', '/', '.', '', 'a/../b', 'a//b/', '../up', '/abs/dir/'];
		const names = ['x.dcm', 'IM000001', '.hidden', '..', '.', 'sub/x'];
		for (const folder of folders) for (const name of names) expect(childPath(folder, name), `${folder} + ${name}`).toBe(join(folder, name));
	});
});
