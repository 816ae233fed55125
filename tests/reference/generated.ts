/**
 * generated makes, at test time, the compressed files pydicom's set lacks: a synthetic source
 * from generate.py, compressed by dcmtk or gdcmconv, cached under tests/.tmp/generated.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYTHON, TMP } from './reference';

const here = dirname(fileURLToPath(import.meta.url));
const generator = join(here, 'generate.py');
const dir = join(TMP, 'generated');

/** SourceKind names a synthetic source image of generate.py. */
export type SourceKind = 'ct16' | 'ct12' | 'rgb' | 'palette' | 'mono1' | 'enhanced' | 'segpalette' | 'voilut' | 'modlut';

function runTool(command: string, args: string[]): void {
	const result = spawnSync(command, args, { encoding: 'utf8', timeout: 120_000 });
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}${result.stdout}`);
}

/** sourceFile returns the path of a generated uncompressed source, making it when missing. */
export function sourceFile(kind: SourceKind): string {
	const version = createHash('sha1').update(readFileSync(generator)).digest('hex').slice(0, 12);
	const path = join(dir, `${kind}-${version}.dcm`);
	if (!existsSync(path)) {
		mkdirSync(dir, { recursive: true });
		// Unique part names and an atomic rename: parallel test files may make the same file.
		const part = `${path}.part-${process.pid}`;
		runTool(PYTHON, [generator, kind, part]);
		renameSync(part, path);
	}
	return path;
}

/** compressedFile runs `tool args source out` (dcmtk argument order; gdcmconv takes the same). */
export function compressedFile(kind: SourceKind, tool: string, args: string[]): string {
	const source = sourceFile(kind);
	const key = createHash('sha1').update(source).update(tool).update(args.join(' ')).digest('hex').slice(0, 16);
	const path = join(dir, `${kind}-${tool}-${key}.dcm`);
	if (!existsSync(path)) {
		const part = `${path}.part-${process.pid}`;
		runTool(tool, [...args, source, part]);
		renameSync(part, path);
	}
	return path;
}
