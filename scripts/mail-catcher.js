#!/usr/bin/env node
// A local mail catcher so that sign-up, verification and password reset work out of the box:
// an SMTP server that accepts every message (no auth, no STARTTLS: PocketBase talks plain SMTP
// to it) and an inbox page with a JSON API that people and Playwright read.
//
//   node scripts/mail-catcher.js [--smtp 1025] [--http 8025] [--host 127.0.0.1]
//
// Messages live in memory only: a catcher is for development and tests, never for real mail.
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

const MAX_MESSAGES = 500;

/**
 * startMailCatcher starts the SMTP catcher and the inbox web page.
 * @param {{ smtpPort?: number, httpPort?: number, host?: string, log?: (line: string) => void }} [options]
 * Ports of 0 pick free ones; the chosen ports are returned.
 */
export async function startMailCatcher(options = {}) {
	const host = options.host ?? '127.0.0.1';
	const log = options.log ?? (() => {});
	/** @type {Array<{id: number, from: string, to: string[], subject: string, text: string, html: string, links: string[], date: string}>} */
	const messages = [];
	let nextId = 1;
	/** @type {Set<(m: any) => void>} */
	const waiters = new Set();

	const smtp = new SMTPServer({
		secure: false,
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		banner: 'Cassette mail catcher',
		size: 25 * 1024 * 1024,
		logger: false,
		onData(stream, session, callback) {
			simpleParser(stream)
				.then((parsed) => {
					const html = typeof parsed.html === 'string' ? parsed.html : '';
					const text = parsed.text ?? '';
					const message = {
						id: nextId++,
						from: parsed.from?.text ?? session.envelope.mailFrom?.address ?? '',
						to: session.envelope.rcptTo.map((r) => r.address),
						subject: parsed.subject ?? '',
						text,
						html,
						links: extractLinks(html + '\n' + text),
						date: new Date().toISOString()
					};
					messages.unshift(message);
					messages.length = Math.min(messages.length, MAX_MESSAGES);
					log(`✉  to ${message.to.join(', ')}: ${message.subject}`);
					for (const link of message.links) log(`   ${link}`);
					for (const w of waiters) w(message);
					callback();
				})
				.catch((err) => callback(err));
		}
	});

	const web = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', `http://${host}`);
		if (url.pathname === '/api/messages' && req.method === 'GET') {
			const to = url.searchParams.get('to');
			const list = to ? messages.filter((m) => m.to.some((a) => a.toLowerCase() === to.toLowerCase())) : messages;
			return sendJson(res, list);
		}
		if (url.pathname === '/api/messages' && req.method === 'DELETE') {
			messages.length = 0;
			return sendJson(res, { ok: true });
		}
		const one = url.pathname.match(/^\/messages\/(\d+)$/);
		if (one) {
			const m = messages.find((x) => x.id === Number(one[1]));
			if (!m) return notFound(res);
			res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:" });
			return res.end(m.html || `<pre>${escapeHtml(m.text)}</pre>`);
		}
		if (url.pathname === '/') {
			res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
			return res.end(inboxPage(messages));
		}
		return notFound(res);
	});

	await listen(smtp, options.smtpPort ?? 1025, host);
	await listen(web, options.httpPort ?? 8025, host);
	const smtpPort = /** @type {import('node:net').AddressInfo} */ (smtp.server.address()).port;
	const httpPort = /** @type {import('node:net').AddressInfo} */ (web.address()).port;

	return {
		smtpPort,
		httpPort,
		inboxUrl: `http://${host}:${httpPort}/`,
		messages: () => [...messages],
		/** waitFor resolves with the first message (already received or new) that matches. */
		waitFor(/** @type {(m: any) => boolean} */ match, timeoutMs = 15_000) {
			const found = messages.find(match);
			if (found) return Promise.resolve(found);
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => {
					waiters.delete(onMessage);
					reject(new Error('no matching email arrived'));
				}, timeoutMs);
				const onMessage = (/** @type {any} */ m) => {
					if (!match(m)) return;
					clearTimeout(timer);
					waiters.delete(onMessage);
					resolve(m);
				};
				waiters.add(onMessage);
			});
		},
		async close() {
			await Promise.all([new Promise((r) => smtp.close(() => r(undefined))), new Promise((r) => web.close(() => r(undefined)))]);
		}
	};
}

/** extractLinks returns the distinct http(s) links of a message, in order. */
export function extractLinks(body) {
	const found = body.match(/https?:\/\/[^\s"'<>)]+/g) ?? [];
	return [...new Set(found.map((l) => l.replace(/&amp;/g, '&').replace(/[.,;]+$/, '')))];
}

function listen(server, port, host) {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => resolve(undefined));
	});
}

function sendJson(res, body) {
	res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
	res.end(JSON.stringify(body));
}

function notFound(res) {
	res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
	res.end('not found');
}

function escapeHtml(s) {
	return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function inboxPage(messages) {
	const rows = messages
		.map(
			(m) => `<li><a href="/messages/${m.id}">${escapeHtml(m.subject || '(no subject)')}</a>
  <span>${escapeHtml(m.to.join(', '))} · ${escapeHtml(m.date)}</span>
  ${m.links.map((l) => `<br><a class="link" href="${escapeHtml(l)}">${escapeHtml(l)}</a>`).join('')}</li>`
		)
		.join('\n');
	return `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="5"><title>Cassette · local inbox</title>
<style>body{font:16px system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#112}
li{margin:0 0 1rem;list-style:none;border-bottom:1px solid #ccd;padding-bottom:1rem}span{color:#556;font-size:.9em;display:block}
a.link{font-size:.85em;word-break:break-all}</style>
<h1>Local inbox</h1><p>Emails that Cassette sends in development land here (refreshes every 5 s). Nothing is delivered to real addresses.</p>
<ul>${rows || '<li>No messages yet.</li>'}</ul></html>`;
}

function argValue(name, fallback) {
	const i = process.argv.indexOf(name);
	return i > -1 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const catcher = await startMailCatcher({
		smtpPort: Number(argValue('--smtp', '1025')),
		httpPort: Number(argValue('--http', '8025')),
		host: argValue('--host', '127.0.0.1'),
		log: (line) => console.log(line)
	});
	console.log(`Mail catcher: SMTP on port ${catcher.smtpPort}, inbox at ${catcher.inboxUrl}`);
	const stop = () => catcher.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}
