/**
 * commands: `cassette export` and `cassette verify` (research datasets), in the shape of the
 * other commands of src/cli/main.ts: they return the exit code, write one line per problem.
 */
import { parseArgs } from 'node:util';
import type { Io } from '../main';
import { UsageError } from '../usage';

export const RESEARCH_USAGE = `  cassette export --server URL --token TOKEN [--icd CODE] [--category C] [--region TEXT] [--q TEXT]
                  [--from YYYY-MM-DD] [--to YYYY-MM-DD] --out dataset.zip
      download a research dataset with a progress line; TOKEN is a researcher's personal API token
      (cst_…, made on the profile page)
  cassette verify dataset.zip
      check SHA256SUMS, Patient Identity Removed in every DICOM, and the manifest against the files`;

/** usageErrors turns parseArgs' complaints (unknown option, missing value) into usage errors (exit 2). */
function usageErrors<T>(parse: () => T): T {
	try {
		return parse();
	} catch (error) {
		throw new UsageError((error as Error).message);
	}
}

export async function exportCommand(args: string[], io: Io): Promise<number> {
	const { values } = usageErrors(() => parseArgs({
		args,
		options: {
			server: { type: 'string' }, token: { type: 'string' }, out: { type: 'string' },
			icd: { type: 'string' }, category: { type: 'string' }, region: { type: 'string' }, q: { type: 'string' },
			from: { type: 'string' }, to: { type: 'string' }
		}
	}));
	if (!values.server || !values.token || !values.out) throw new UsageError('export needs --server, --token and --out');
	const { exportDataset, progressLine } = await import('./export');
	let last = 0;
	const size = await exportDataset({
		server: values.server, token: values.token, out: values.out,
		selection: { icd: values.icd, category: values.category, region: values.region, q: values.q, from: values.from, to: values.to },
		progress: (received, total) => {
			if (received - last < 4 << 20) return; // a line every 4 MB
			last = received;
			io.err(`cassette export: ${progressLine(received, total)}`);
		}
	});
	io.err(`cassette export: wrote ${values.out} (${(size / 1e6).toFixed(1)} MB)`);
	return 0;
}

export async function verifyCommand(args: string[], io: Io): Promise<number> {
	const { positionals } = usageErrors(() => parseArgs({ args, allowPositionals: true }));
	if (positionals.length !== 1) throw new UsageError('verify takes one dataset.zip');
	const { verifyDataset } = await import('./verify');
	const { problems, files, dicom } = await verifyDataset(positionals[0]);
	for (const p of problems) io.err(`cassette verify: ${p}`);
	if (problems.length > 0) return 1;
	io.out(`cassette verify: ${positionals[0]}: ${files} files, ${dicom} DICOM, checksums, de-identification and manifest OK`);
	return 0;
}
