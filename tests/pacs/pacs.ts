/**
 * startPacs: a real DICOMweb archive for tests — Debian's Orthanc with its DICOMweb plugin,
 * behind Debian's nginx, both on free loopback ports with their own temp folder.
 *
 * Orthanc 1.10 sends no CORS headers and does not answer OPTIONS (STACK-NOTES), and every
 * WADO-RS request from a browser preflights (`Accept: multipart/related; type=...` is not a
 * CORS-safelisted header), so nginx answers the preflight and adds the Access-Control-* headers
 * for the allowed origins only — the configuration a hospital's proxy needs (README). nginx also
 * accepts a bearer token, which Orthanc does not know, by mapping it to Orthanc's basic account.
 * Nothing here is started as a service: `Orthanc config.json` and `nginx -c` run as children.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** ORTHANC_DICOMWEB_PLUGIN is where Debian's orthanc-dicomweb installs the plugin. */
const ORTHANC_DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

/** PacsOptions: who may call it and how. */
export interface PacsOptions {
	/** allowOrigins are the browser origins nginx sends CORS headers for (e.g. the app's). */
	allowOrigins?: string[];
	/** basic is Orthanc's one account; without it Orthanc asks no credentials. */
	basic?: { username: string; password: string };
	/** bearer is a token nginx turns into the basic account (needs `basic`). */
	bearer?: string;
}

/** Pacs is a running Orthanc + nginx pair. */
export interface Pacs {
	/** dicomWebUrl is the DICOMweb root through nginx (with CORS): what the app connects to. */
	dicomWebUrl: string;
	/** directDicomWebUrl is Orthanc's own DICOMweb root, without CORS headers (a "CORS refused" PACS). */
	directDicomWebUrl: string;
	/** orthancUrl is Orthanc's REST root, for seeding and checks. */
	orthancUrl: string;
	/** store puts Part 10 files into Orthanc (its REST API, not DICOMweb, so the code under test is not its own seed). */
	store(files: Uint8Array[]): Promise<void>;
	/** authHeader is the basic Authorization header of the account (or undefined). */
	authHeader?: string;
	stop(): Promise<void>;
}

/** freePort asks the kernel for an unused loopback port. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as { port: number };
			srv.close(() => resolve(port));
		});
	});
}

/** nginxConfig is the proxy: CORS for the allowed origins, preflight answered, bodies streamed, not buffered. */
function nginxConfig(dir: string, port: number, orthancPort: number, options: PacsOptions, basicHeader?: string): string {
	const origins = (options.allowOrigins ?? []).map((o) => `\t\t"${o}" $http_origin;`).join('\n');
	const bearer = options.bearer && basicHeader ? `\t\t"Bearer ${options.bearer}" "${basicHeader}";` : '';
	return `
daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path ${dir}/nginx-body;
	proxy_temp_path ${dir}/nginx-proxy;
	fastcgi_temp_path ${dir}/nginx-fastcgi;
	uwsgi_temp_path ${dir}/nginx-uwsgi;
	scgi_temp_path ${dir}/nginx-scgi;
	client_max_body_size 0;
	map $http_origin $cors_origin {
		default "";
${origins}
	}
	map $http_authorization $orthanc_authorization {
		default $http_authorization;
${bearer}
	}
	server {
		listen 127.0.0.1:${port};
		location / {
			if ($request_method = OPTIONS) {
				add_header Access-Control-Allow-Origin $cors_origin always;
				add_header Access-Control-Allow-Methods "GET, POST, OPTIONS" always;
				add_header Access-Control-Allow-Headers "Authorization, Accept, Content-Type" always;
				add_header Access-Control-Max-Age 600 always;
				add_header Vary Origin always;
				return 204;
			}
			add_header Access-Control-Allow-Origin $cors_origin always;
			add_header Access-Control-Expose-Headers "Content-Type, Content-Length" always;
			add_header Vary Origin always;
			proxy_set_header Authorization $orthanc_authorization;
			# Orthanc's Basic challenge would make a browser open a login dialog: the app asks itself
			proxy_hide_header WWW-Authenticate;
			proxy_http_version 1.1;
			proxy_buffering off;
			proxy_request_buffering off;
			proxy_pass http://127.0.0.1:${orthancPort};
		}
	}
}
`;
}

async function waitFor(url: string, child: ChildProcess, name: string, log: () => string, headers: Record<string, string> = {}): Promise<void> {
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${log()}`);
		try {
			const res = await fetch(url, { headers });
			if (res.status < 500) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`${name} did not answer ${url} within 30 s:\n${log()}`);
}

function start(cmd: string, args: string[]): { child: ChildProcess; log: () => string } {
	let output = '';
	const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-8000)));
	child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-8000)));
	return { child, log: () => output };
}

async function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((r) => child.once('exit', r));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
	await exited;
	clearTimeout(timer);
}

/** startPacs starts Orthanc and nginx on free ports; call `stop()` when done (it removes the storage). */
export async function startPacs(options: PacsOptions = {}): Promise<Pacs> {
	const dir = mkdtempSync(path.join(tmpdir(), 'cassette-pacs-'));
	const [orthancPort, nginxPort] = [await freePort(), await freePort()];
	const basicHeader = options.basic ? `Basic ${Buffer.from(`${options.basic.username}:${options.basic.password}`).toString('base64')}` : undefined;
	// Orthanc's configuration keys: OrthancServer/Resources/Configuration.json (1.10), DICOMweb plugin docs.
	const config = {
		Name: 'cassette-test-pacs',
		HttpPort: orthancPort,
		DicomServerEnabled: false,
		StorageDirectory: path.join(dir, 'storage'),
		IndexDirectory: path.join(dir, 'index'),
		RemoteAccessAllowed: false,
		AuthenticationEnabled: options.basic !== undefined,
		RegisteredUsers: options.basic ? { [options.basic.username]: options.basic.password } : {},
		Plugins: [ORTHANC_DICOMWEB_PLUGIN],
		DicomWeb: { Enable: true, Root: '/dicom-web/' },
		HttpCompressionEnabled: false
	};
	const configPath = path.join(dir, 'orthanc.json');
	writeFileSync(configPath, JSON.stringify(config, null, 2));
	const nginxPath = path.join(dir, 'nginx.conf');
	writeFileSync(nginxPath, nginxConfig(dir, nginxPort, orthancPort, options, basicHeader));

	const orthanc = start('/usr/sbin/Orthanc', [configPath]);
	const nginx = start('/usr/sbin/nginx', ['-e', path.join(dir, 'nginx-error.log'), '-p', dir, '-c', nginxPath]);
	const auth: Record<string, string> = basicHeader ? { Authorization: basicHeader } : {};
	const orthancUrl = `http://127.0.0.1:${orthancPort}`;
	const stop = async () => {
		await Promise.all([stopChild(nginx.child), stopChild(orthanc.child)]);
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		await waitFor(`${orthancUrl}/system`, orthanc.child, 'Orthanc', orthanc.log, auth);
		await waitFor(`http://127.0.0.1:${nginxPort}/system`, nginx.child, 'nginx', nginx.log, auth);
	} catch (error) {
		await stop();
		throw error;
	}
	return {
		dicomWebUrl: `http://127.0.0.1:${nginxPort}/dicom-web`,
		directDicomWebUrl: `${orthancUrl}/dicom-web`,
		orthancUrl,
		authHeader: basicHeader,
		store: (files) => storeInOrthanc(orthancUrl, basicHeader, files),
		stop
	};
}

/** storeInOrthanc puts Part 10 files into an Orthanc through its REST API (`POST /instances`). */
export async function storeInOrthanc(orthancUrl: string, authHeader: string | undefined, files: Uint8Array[]): Promise<void> {
	const auth: Record<string, string> = authHeader ? { Authorization: authHeader } : {};
	for (const bytes of files) {
		const res = await fetch(`${orthancUrl}/instances`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/dicom' }, body: new Blob([bytes.slice()]) });
		if (!res.ok) throw new Error(`Orthanc refused an instance: ${res.status} ${await res.text()}`);
	}
}

/** emptyOrthanc deletes every study an Orthanc holds (REST `DELETE /studies/{id}`), so a test starts from an empty archive. */
export async function emptyOrthanc(orthancUrl: string, authHeader: string | undefined): Promise<void> {
	const auth: Record<string, string> = authHeader ? { Authorization: authHeader } : {};
	const res = await fetch(`${orthancUrl}/studies`, { headers: auth });
	if (!res.ok) throw new Error(`Orthanc /studies: ${res.status}`);
	for (const id of (await res.json()) as string[]) {
		const del = await fetch(`${orthancUrl}/studies/${id}`, { method: 'DELETE', headers: auth });
		if (!del.ok) throw new Error(`Orthanc DELETE /studies/${id}: ${del.status}`);
	}
}
