import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDicom } from '../parse';
import { PYDICOM_TEST_DIR } from '../../../../tests/support/pydicom-files';
import { decodeFrame } from './decode-frame';
import { encodedFrame, imageInfoOf } from './frames';
import { readSiz } from './jpeg-2000-siz';

const load = (name: string) => parseDicom(new Uint8Array(readFileSync(join(PYDICOM_TEST_DIR, name))));

describe('the JPEG 2000 SIZ check', () => {
	it('reads the size of a sound codestream as the dataset states it', () => {
		const file = load('JPEG2000.dcm');
		expect(readSiz(encodedFrame(file, 0))).toEqual({ width: 256, height: 1024, components: 1, delimiter: false });
	});

	it('reads the damaged fragment of JPEG2000-embedded-sequence-delimiter.dcm whole and says what is wrong with it', async () => {
		const file = load('JPEG2000-embedded-sequence-delimiter.dcm');
		const frame = encodedFrame(file, 0);
		// The fragment is read by its length, past the FFFE,E0DD bytes inside it (pydicom #1140): as long as JPEG2000.dcm's.
		expect(frame.length).toBe(encodedFrame(load('JPEG2000.dcm'), 0).length);
		expect(readSiz(frame)).toMatchObject({ height: 1024, components: 1, delimiter: true });
		await expect(decodeFrame(frame, imageInfoOf(file), file.transferSyntaxUID)).rejects.toMatchObject({
			name: 'DecodeError',
			code: 'corrupt',
			message: expect.stringMatching(/SIZ marker declares \d+×1024×1, the dataset says 256×1024×1: it holds a DICOM delimiter tag \(FFFE,E0xx\)/)
		});
	});

	it('leaves JP2 files and anything not starting SOC, SIZ to the decoder', () => {
		expect(readSiz(new Uint8Array([0, 0, 0, 12, 0x6a, 0x50, 0x20, 0x20]))).toBeNull();
		expect(readSiz(new Uint8Array(50))).toBeNull();
	});
});
