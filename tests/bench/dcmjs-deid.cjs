// dcmjs-deid: the dcmjs peer of `cassette deid` for the benchmark: read every file, run
// dcmjs's anonymizer (cleanTags, which mutates the dataset in place) and write it back.
// Usage: node dcmjs-deid.cjs OUT_DIR IN_DIR
const { readdirSync, readFileSync, writeFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const dcmjs = require('dcmjs');

const [out, input] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
// dcmjs logs a warning per unknown private tag; the benchmark measures work, not console output.
dcmjs.log.setLevel?.('error');
for (const name of readdirSync(input).sort()) {
	const bytes = readFileSync(join(input, name));
	const dicom = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
	dcmjs.anonymizer.cleanTags(dicom.dict);
	writeFileSync(join(out, name), Buffer.from(dicom.write()));
}
