// toolchain.js makes sure a fresh clone has what `npm start` and `npm test` need: npm packages,
// Go modules, and (for tests) Debian's Chromium and DICOM tools. It uses only Node built-ins
// because it runs before `npm ci`.
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SERVER_DIR = path.join(ROOT, 'pocketbase');
export const SERVER_BIN = path.join(SERVER_DIR, 'cassette-server');
export const APP_DIST = path.join(SERVER_DIR, 'app', 'dist');

/** MIN_GO is what github.com/pocketbase/pocketbase v0.39 declares in its go.mod. */
const MIN_GO = [1, 25];

/**
 * TEST_SYSTEM_PACKAGES maps a probe (a command, or a file that only the package installs) to
 * the Debian package that provides it. Tests compare our decoders and de-identification with
 * these independent implementations and drive Debian's Chromium (never a downloaded browser).
 */
export const TEST_SYSTEM_PACKAGES = [
	{ probe: 'chromium', pkg: 'chromium' },
	{ probe: 'dcmdump', pkg: 'dcmtk' },
	{ probe: 'dciodvfy', pkg: 'dicom3tools' },
	{ probe: 'gdcmconv', pkg: 'libgdcm-tools' },
	{ probe: '/usr/lib/python3/dist-packages/pydicom/__init__.py', pkg: 'python3-pydicom' },
	{ probe: '/usr/lib/python3/dist-packages/gdcm.py', pkg: 'python3-gdcm' },
	// pydicom only recommends numpy, and apt-get runs with --no-install-recommends: the reference
	// scripts (tests/reference/*.py) need it for pixel arrays.
	{ probe: '/usr/lib/python3/dist-packages/numpy/__init__.py', pkg: 'python3-numpy' },
	{ probe: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', pkg: 'fonts-dejavu-core' },
	// the PACS tests (tests/pacs/) run a real DICOMweb archive: Orthanc with its DICOMweb plugin,
	// behind nginx adding the CORS headers Orthanc does not send
	{ probe: '/usr/sbin/Orthanc', pkg: 'orthanc' },
	{ probe: '/usr/share/orthanc/plugins/libOrthancDicomWeb.so', pkg: 'orthanc-dicomweb' },
	{ probe: '/usr/sbin/nginx', pkg: 'nginx' },
	// the OCR benchmark's peer (tests/bench/ocr-run.ts): Debian's Tesseract 5, English and Spanish
	{ probe: 'tesseract', pkg: 'tesseract-ocr' },
	{ probe: '/usr/share/tesseract-ocr/5/tessdata/spa.traineddata', pkg: 'tesseract-ocr-spa' },
	// its 4× CPU row: CDP cannot throttle workers, so the renderer is held to a share of a core
	{ probe: 'cpulimit', pkg: 'cpulimit' }
];

/** step prints a visible heading so a newcomer can follow what start/test are doing. */
export function step(title) {
	console.log(`\n\x1b[1m▶ ${title}\x1b[0m`);
}

/** run executes a command, streaming its output, and throws when it fails. */
export function run(cmd, args, options = {}) {
	const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...options });
	if (result.error) throw new Error(`${cmd} could not start: ${result.error.message}`);
	if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${result.status}`);
}

export function hasCommand(name) {
	return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/**
 * ensureNodeModules installs the locked npm packages when node_modules is missing or older than
 * the lock file. It uses `npm install`, not `npm ci`: with a lock file present it installs exactly
 * the locked versions, and it tolerates a lock that misses another platform's optional binaries
 * (npm/cli#4828), which `npm ci` rejects. So that a user's `npm ci` keeps working too,
 * scripts/check-lock.js (in `npm test`) fails when the lock is in that state.
 */
export function ensureNodeModules() {
	const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
	const lock = path.join(ROOT, 'package-lock.json');
	if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
	step('Installing npm packages');
	run('npm', ['install', '--no-audit', '--no-fund']);
}

/** ensureGo checks the Go toolchain and downloads the server's modules. */
export function ensureGo() {
	if (!hasCommand('go')) {
		throw new Error(`Go ${MIN_GO.join('.')} or newer is needed to build the server: https://go.dev/doc/install`);
	}
	const version = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();
	const [major, minor] = version.replace(/^go/, '').split('.').map(Number);
	if (major < MIN_GO[0] || (major === MIN_GO[0] && minor < MIN_GO[1])) {
		throw new Error(`Go ${MIN_GO.join('.')} or newer is needed (found ${version}).`);
	}
	run('go', ['mod', 'download'], { cwd: SERVER_DIR });
}

/** ensureSystemPackages installs missing Debian packages with apt-get (as root, or with sudo). */
export function ensureSystemPackages(wanted = TEST_SYSTEM_PACKAGES) {
	const missing = wanted.filter(({ probe }) => (probe.startsWith('/') ? !existsSync(probe) : !hasCommand(probe)));
	if (missing.length === 0) return;
	const pkgs = [...new Set(missing.map((m) => m.pkg))];
	step(`Installing Debian packages: ${pkgs.join(' ')}`);
	const asRoot = process.getuid?.() === 0;
	if (!asRoot && !hasCommand('sudo')) {
		throw new Error(`These Debian packages are needed: ${pkgs.join(' ')}. Install them with apt-get as root.`);
	}
	const apt = (args) => (asRoot ? run('apt-get', args, { env: aptEnv() }) : run('sudo', ['-E', 'apt-get', ...args], { env: aptEnv() }));
	apt(['update', '-qq']);
	apt(['install', '-y', '-qq', '--no-install-recommends', ...pkgs]);
}

function aptEnv() {
	return { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
}

/** buildApp builds the SvelteKit SPA into pocketbase/app/dist, where the server embeds it. */
export function buildApp() {
	step('Building the app (vite build → pocketbase/app/dist)');
	run('npx', ['vite', 'build', '--logLevel', 'warn']);
	// adapter-static empties its output folder; the placeholder keeps `go:embed all:dist`
	// compiling on a fresh clone (before any build) and keeps the tree clean after one.
	writeFileSync(path.join(APP_DIST, '.gitkeep'), '');
}

/** buildServer compiles the Go server with the app embedded. */
export function buildServer() {
	step('Building the server (go build → pocketbase/cassette-server)');
	run('go', ['build', '-o', SERVER_BIN, '.'], { cwd: SERVER_DIR });
}
