/**
 * main: the `cassette` command line. Exit codes: 0 success, 1 when any file failed, 2 for a
 * malformed command line. Failures are one line each on stderr, never a stack trace.
 */
import { parseArgs } from 'node:util';
import { caseContext } from './case-context';
import { describeError } from './errors';
import { exportCommand, RESEARCH_USAGE, verifyCommand } from './research/commands';
import { USAGE as BASE_USAGE, UsageError } from './usage';

const USAGE = `${BASE_USAGE}\n${RESEARCH_USAGE}`;

// Each command loads its own modules: `deid` need not compile the renderer, nor `render` the ZIP reader.

/** Io is where the CLI writes (process streams by default; tests pass their own). */
export interface Io {
	out: (text: string) => void;
	err: (text: string) => void;
}

const processIo: Io = {
	out: (text) => {
		guardStdout();
		process.stdout.write(`${text}\n`);
	},
	err: (text) => process.stderr.write(`${text}\n`)
};

let stdoutGuarded = false;

/**
 * guardStdout: a reader that stops early (`cassette inspect f.dcm | head`) closes the pipe; the
 * command then ends quietly, as Unix tools do, instead of dying on EPIPE with a stack trace.
 */
function guardStdout(): void {
	if (stdoutGuarded) return;
	stdoutGuarded = true;
	process.stdout.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
		process.stderr.write(`cassette: cannot write the output: ${error.message}\n`);
		process.exit(1);
	});
}

/** usageErrors turns parseArgs' complaints (unknown option, missing value) into usage errors. */
function usageErrors<T>(parse: () => T): T {
	try {
		return parse();
	} catch (error) {
		throw new UsageError((error as Error).message);
	}
}

/**
 * negativeValues joins "--window -600,1500" into "--window=-600,1500" for the options that take
 * numbers: parseArgs refuses a value that starts with "-" as ambiguous (it could be an option),
 * and the lung window, the most common one with a negative centre, is written just so.
 */
export function negativeValues(args: readonly string[], options: readonly string[]): string[] {
	const out: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const next = args[i + 1];
		if (options.includes(args[i]) && next !== undefined && /^-\d/.test(next)) {
			out.push(`${args[i]}=${next}`);
			i++;
		} else out.push(args[i]);
	}
	return out;
}

async function deid(args: string[], io: Io): Promise<number> {
	const { values, positionals } = usageErrors(() =>
		parseArgs({
			args,
			allowPositionals: true,
			options: { out: { type: 'string' }, seed: { type: 'string' }, 'include-burned-in': { type: 'boolean', default: false }, ocr: { type: 'boolean', default: false }, jobs: { type: 'string' } }
		})
	);
	if (!values.out) throw new UsageError('deid needs --out DIR');
	const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
	if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1 && jobs <= 64)) throw new UsageError('--jobs must be a whole number from 1 to 64');
	if (positionals.length === 0) throw new UsageError('deid needs at least one INPUT');
	if (values.ocr && values['include-burned-in']) throw new UsageError('give --ocr or --include-burned-in, not both');
	const { runDeid } = await import('./deid');
	const context = caseContext(values.seed);
	let report = await runDeid({
		out: values.out,
		inputs: positionals,
		context,
		includeBurnedIn: values['include-burned-in'],
		jobs,
		onError: (line) => io.err(`cassette deid: ${line}`)
	});
	if (values.ocr) {
		const { redactBurnedIn } = await import('./ocr-deid');
		report = await redactBurnedIn(report, { out: values.out, context }, positionals, (line) => io.err(`cassette deid: ${line}`));
	}
	io.out(JSON.stringify(report, null, 2));
	return report.failed.length > 0 ? 1 : 0;
}

async function inspect(args: string[], io: Io): Promise<number> {
	const { values, positionals } = usageErrors(() => parseArgs({ args, allowPositionals: true, options: { seed: { type: 'string' } } }));
	if (positionals.length !== 1) throw new UsageError('inspect takes exactly one FILE');
	const { inspectFile } = await import('./inspect');
	try {
		io.out(JSON.stringify(await inspectFile(positionals[0], caseContext(values.seed)), null, 2));
		return 0;
	} catch (error) {
		io.err(`cassette inspect: ${positionals[0]}: ${describeError(error)}`);
		return 1;
	}
}

async function render(args: string[], io: Io): Promise<number> {
	const { values, positionals } = usageErrors(() =>
		parseArgs({
			args: negativeValues(args, ['--window', '--frame']),
			allowPositionals: true,
			options: { out: { type: 'string' }, frame: { type: 'string' }, window: { type: 'string' }, preset: { type: 'string' } }
		})
	);
	if (positionals.length !== 1) throw new UsageError('render takes exactly one FILE');
	if (!values.out) throw new UsageError('render needs --out FILE.png');
	const { parseFrame, parseWindow, renderFile } = await import('./render');
	const frame = parseFrame(values.frame);
	const window = parseWindow(values.window, values.preset);
	try {
		const { width, height } = await renderFile(positionals[0], values.out, frame, window);
		io.err(`cassette render: wrote ${values.out} (${width}×${height})`);
		return 0;
	} catch (error) {
		io.err(`cassette render: ${positionals[0]}: ${describeError(error)}`);
		return 1;
	}
}

async function ocr(args: string[], io: Io): Promise<number> {
	const { values, positionals } = usageErrors(() =>
		parseArgs({ args, allowPositionals: true, options: { 'phi-from': { type: 'string' }, phi: { type: 'string', multiple: true, default: [] } } })
	);
	if (positionals.length === 0) throw new UsageError('ocr needs at least one INPUT');
	const { runOcr } = await import('./ocr');
	const { images, failed } = await runOcr({ inputs: positionals, phiFrom: values['phi-from'], phi: values.phi, onError: (line) => io.err(`cassette ocr: ${line}`) });
	io.out(JSON.stringify(images, null, 2));
	return failed > 0 ? 1 : 0;
}

const COMMANDS: Record<string, (args: string[], io: Io) => Promise<number>> = { deid, inspect, render, ocr, export: exportCommand, verify: verifyCommand };

/** main runs one command and returns the exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
	const [command, ...args] = argv;
	if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
		io.out(USAGE);
		return command === undefined ? 2 : 0;
	}
	const run = COMMANDS[command];
	try {
		if (!run) throw new UsageError(`unknown command "${command}"`);
		return await run(args, io);
	} catch (error) {
		if (error instanceof UsageError) {
			io.err(`cassette: ${error.message}\n${USAGE}`);
			return 2;
		}
		io.err(`cassette ${command}: ${describeError(error)}`);
		return 1;
	}
}
