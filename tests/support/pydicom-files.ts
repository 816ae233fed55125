/**
 * Locations of pydicom's real test files (Debian python3-pydicom), used in place by every spec
 * that needs real DICOM. Tests only: these paths exist on the development and CI machines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** PYDICOM_DATA is pydicom's data folder as installed by Debian. */
export const PYDICOM_DATA = '/usr/lib/python3/dist-packages/pydicom/data';

/** PYDICOM_TEST_DIR holds test_files (and its dicomdirtests folder). */
export const PYDICOM_TEST_DIR = join(PYDICOM_DATA, 'test_files');

/** PYDICOM_CHARSET_DIR holds charset_files. */
export const PYDICOM_CHARSET_DIR = join(PYDICOM_DATA, 'charset_files');

/** PYDICOM_DICOMDIR_DIR holds the DICOMDIR test sets. */
export const PYDICOM_DICOMDIR_DIR = join(PYDICOM_TEST_DIR, 'dicomdirtests');

const dcmIn = (dir: string) =>
	readdirSync(dir)
		.filter((name) => name.endsWith('.dcm'))
		.sort()
		.map((name) => join(dir, name));

/** PYDICOM_TEST_FILES lists the absolute paths of every *.dcm in test_files. */
export const PYDICOM_TEST_FILES: readonly string[] = dcmIn(PYDICOM_TEST_DIR);

/** PYDICOM_CHARSET_FILES lists the absolute paths of every *.dcm in charset_files. */
export const PYDICOM_CHARSET_FILES: readonly string[] = dcmIn(PYDICOM_CHARSET_DIR);

/** testFile returns the absolute path of a file in test_files (or charset_files, or a path under dicomdirtests). */
export function testFile(name: string): string {
	if (/^chr|^FileInfo/.test(name)) return join(PYDICOM_CHARSET_DIR, name);
	return join(PYDICOM_TEST_DIR, name);
}

/** readTestFile returns the bytes of a test file as a Uint8Array. */
export function readTestFile(name: string): Uint8Array {
	const b = readFileSync(name.startsWith('/') ? name : testFile(name));
	return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}
