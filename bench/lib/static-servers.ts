import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../../src/lib/server/testing/app-server';
import { stopChild } from './proc';

/** A server of the static baseline files, started and stopped by this runner. */
export interface StaticServer {
	name: string;
	/** e.g. `nginx 1.22.1`, for the results. */
	version: string;
	url: string;
	pid: number;
	stop(): Promise<void>;
}

const NGINX_CANDIDATES = [process.env.BENCH_NGINX, '/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'];

export function findNginx(): string | null {
	for (const p of NGINX_CANDIDATES) if (p && fs.existsSync(p)) return p;
	return null;
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string, what: string): Promise<void> {
	const deadline = Date.now() + 10_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}):\n${output()}`);
		try {
			await fetch(url);
			return;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) throw new Error(`${what} did not start:\n${output()}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

/**
 * Our own nginx: a config in `workDir` (never the system's), one worker process (the app is one
 * Node process), loopback only, keep-alive without a request cap, no access log, files from `root`.
 */
export async function startNginx(binary: string, workDir: string, root: string): Promise<StaticServer> {
	const port = await freePort();
	const tmp = path.join(workDir, 'nginx-tmp');
	fs.mkdirSync(tmp, { recursive: true });
	const asRoot = process.getuid?.() === 0;
	// As root, nginx's worker drops to `nobody`: it must be able to read the files.
	if (asRoot) for (const d of [workDir, root]) fs.chmodSync(d, 0o755);
	const conf = path.join(workDir, 'nginx.conf');
	fs.writeFileSync(
		conf,
		`# Written by bench/lib/static-servers.ts for one benchmark run.
daemon off;
master_process on;
worker_processes 1;
${asRoot ? 'user nobody nogroup;' : ''}
pid ${path.join(workDir, 'nginx.pid')};
error_log stderr warn;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path ${tmp}/body;
	proxy_temp_path ${tmp}/proxy;
	fastcgi_temp_path ${tmp}/fastcgi;
	uwsgi_temp_path ${tmp}/uwsgi;
	scgi_temp_path ${tmp}/scgi;
	types { text/html html; application/json json; text/plain txt; }
	default_type application/octet-stream;
	sendfile on;
	tcp_nopush on;
	keepalive_timeout 65;
	keepalive_requests 1000000000;
	server {
		listen 127.0.0.1:${port};
		root ${root};
		location / { try_files $uri =404; }
	}
}
`
	);
	const v = spawnSync(binary, ['-v'], { encoding: 'utf8' });
	const version = (v.stderr || v.stdout).trim().replace(/^nginx version:\s*/, '').replace('/', ' ');
	let out = '';
	const child = spawn(binary, ['-p', workDir, '-c', conf, '-e', 'stderr'], { stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout!.on('data', (d) => (out += d));
	child.stderr!.on('data', (d) => (out += d));
	const url = `http://127.0.0.1:${port}`;
	await waitUntilServing(url, child, () => out, 'nginx');
	return { name: 'nginx', version, url, pid: child.pid!, stop: () => stopChild(child, 'SIGQUIT') };
}

/** A bare node:http server of the same files (held in memory): Node's own ceiling, no framework. */
export async function startNodeStatic(root: string): Promise<StaticServer> {
	const port = await freePort();
	let out = '';
	const script = path.join(path.dirname(new URL(import.meta.url).pathname), 'node-static-server.mjs');
	const child = spawn(process.execPath, [script, root, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout!.on('data', (d) => (out += d));
	child.stderr!.on('data', (d) => (out += d));
	const url = `http://127.0.0.1:${port}`;
	await waitUntilServing(url, child, () => out, 'node:http static server');
	return { name: 'node:http', version: `node ${process.version}`, url, pid: child.pid!, stop: () => stopChild(child) };
}
