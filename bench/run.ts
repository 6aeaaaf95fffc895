// `npm run bench`: builds the app, then loads each case of bench/registry.ts on the built app (PGlite,
// and PostgreSQL when BENCH_DATABASE_URL or DATABASE_URL is set) and the same bytes served as a
// static file by nginx and by bare node:http, all in this one run on this machine. Prints a table
// and writes bench/results/latest.json. It measures; it never passes or fails on a figure. It exits
// non-zero only when a target could not be measured (not 200, wrong answer, a server not starting).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAppServer, type AppServer } from '../src/lib/server/testing/app-server';
import { cases as allCases, timings as allTimings, type AppUnderTest, type BenchCase } from './registry';
import { formatTimings, measure, type TimingRow } from './lib/timing';
import { load, probe, type LoadSettings, type Probe } from './lib/load';
import { findOwnChild, machineBusyCores } from './lib/proc';
import { createBenchDatabase, redactUrl } from './lib/postgres';
import { findNginx, startNginx, startNodeStatic, type StaticServer } from './lib/static-servers';
import { disturbed, formatTable, type Report, type ResultRow } from './lib/report';
import { snapshotApp } from './lib/snapshot';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..');
process.chdir(root);

function numberEnv(name: string, fallback: number): number {
	const v = Number(process.env[name]);
	return Number.isFinite(v) && v > 0 ? v : fallback;
}

const settings: LoadSettings = {
	connections: numberEnv('BENCH_CONNECTIONS', 50),
	durationS: numberEnv('BENCH_DURATION', 10),
	warmupS: numberEnv('BENCH_WARMUP', 2),
	timeoutS: 10
};
const only = (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const cases = only.length ? allCases.filter((c) => only.includes(c.id)) : allCases;
const timingCases = only.length ? allTimings.filter((c) => only.includes(c.id)) : allTimings;
const pgAdminUrl = (process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || '').trim() || null;
const log = (s: string) => process.stderr.write(s + '\n');
/** Cores other work may keep busy before a measurement starts; above it the runner waits. */
const QUIET_CORES = 0.3;
const quietWaitS = numberEnv('BENCH_QUIET_WAIT', 120);

/**
 * The machine is shared (tests, builds): before each target, wait up to BENCH_QUIET_WAIT seconds
 * for it to be quiet, so the figures are the server's and not the neighbours'. Returns the cores
 * that were busy just before measuring.
 */
async function waitForQuiet(): Promise<number | null> {
	const until = Date.now() + quietWaitS * 1000;
	const first = await machineBusyCores(1000);
	if (first === null) return null;
	let busy = first;
	let told = false;
	while (busy > QUIET_CORES && Date.now() < until) {
		if (!told) log(`    … ${busy.toFixed(2)} cores busy with other work; waiting up to ${quietWaitS} s for a quiet machine`);
		told = true;
		busy = (await machineBusyCores(2000)) ?? 0;
	}
	if (busy > QUIET_CORES) log(`    ! still ${busy.toFixed(2)} cores busy: measuring anyway (marked * in the table)`);
	return Math.round(busy * 100) / 100;
}

// Everything started here is stopped here, also on Ctrl-C.
const cleanups: (() => Promise<void>)[] = [];
async function cleanup() {
	while (cleanups.length) {
		const f = cleanups.pop()!;
		await f().catch((e) => log(`cleanup: ${(e as Error).message}`));
	}
}
let aborted = false;
/** Called before anything is started or loaded: after Ctrl-C nothing new begins. */
function checkAborted() {
	if (aborted) throw new Error('interrupted');
}
for (const sig of ['SIGINT', 'SIGTERM'] as const)
	process.once(sig, () => {
		aborted = true;
		log(`\n${sig}: stopping servers…`);
		void (async () => {
			await cleanup();
			// A server that was starting at that moment registers itself a little later.
			await new Promise((r) => setTimeout(r, 500));
			await cleanup();
			process.exit(130);
		})();
	});

const rows: ResultRow[] = [];
const timingRows: TimingRow[] = [];
/** The snapshot of the built app the servers run from. */
let appDir = root;
/** One answer of each case, the bytes the baselines serve. */
const samples = new Map<string, { probe: Probe; case: BenchCase; path: string }>();
let failures = 0;

function checkProbe(p: Probe, check?: (body: string, type: string) => string | undefined): string | undefined {
	if (p.status !== 200) return `answered ${p.status}, not 200: ${p.body.toString('utf8').slice(0, 200)}`;
	try {
		return check?.(p.body.toString('utf8'), p.contentType);
	} catch (e) {
		return `check failed: ${(e as Error).message}`;
	}
}

function appUnderTest(app: AppServer, database: 'pglite' | 'postgres'): AppUnderTest {
	let token: Promise<string> | null = null;
	const signIn = async (username = 'admin', password = 'lantoa-demo') => {
		const res = await fetch(`${app.url}/api/v1/session`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username, password })
		});
		if (res.status !== 200) throw new Error(`sign-in as ${username} answered ${res.status}: ${await res.text()}`);
		return res.headers
			.getSetCookie()
			.map((c) => c.split(';')[0])
			.join('; ');
	};
	return {
		url: app.url,
		database,
		signIn,
		adminToken() {
			token ??= (async () => {
				const cookie = await signIn('admin');
				const res = await fetch(`${app.url}/api/v1/tokens`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', cookie },
					body: JSON.stringify({ name: `bench ${new Date().toISOString()}` })
				});
				if (res.status !== 201) throw new Error(`POST /api/v1/tokens answered ${res.status}: ${await res.text()}`);
				return ((await res.json()) as { token: string }).token;
			})();
			return token;
		}
	};
}

const dbLabel = { pglite: 'PGlite', postgres: 'PostgreSQL' } as const;

async function benchApp(database: 'pglite' | 'postgres', databaseUrl?: string) {
	log(`\n▶ app on ${dbLabel[database]}: starting the build …`);
	// startAppServer runs the app of the working directory: our snapshot of it.
	checkAborted();
	process.chdir(appDir);
	const app = await startAppServer({ databaseUrl }).finally(() => process.chdir(root));
	cleanups.push(() => app.stop());
	const pid = findOwnChild('lantoa.js');
	const ctx = appUnderTest(app, database);
	for (const c of cases) {
		const label = `app · ${dbLabel[database]}`;
		let target;
		try {
			target = await c.prepare(ctx);
		} catch (e) {
			failures++;
			rows.push({ case: c.id, title: c.title, server: 'app', database, label, path: '?', bodyBytes: null, figures: null, skipped: `prepare failed: ${(e as Error).message}` });
			log(`  ✗ ${c.id}: prepare failed: ${(e as Error).message}`);
			continue;
		}
		const url = app.url + target.path;
		const p = await probe(url, target.headers);
		const problem = checkProbe(p, target.check);
		if (problem) {
			failures++;
			rows.push({ case: c.id, title: c.title, server: 'app', database, label, path: target.path, bodyBytes: p.body.length, figures: null, skipped: problem });
			log(`  ✗ ${c.id}: ${problem}`);
			continue;
		}
		if (!samples.has(c.id)) samples.set(c.id, { probe: p, case: c, path: target.path });
		log(`  ${c.id}: GET ${target.path} → 200, ${p.body.length} bytes; ${settings.warmupS} s warm-up + ${settings.durationS} s at ${settings.connections} connections`);
		const busyBeforeCores = await waitForQuiet();
		checkAborted();
		const figures = await load(url, target.headers ?? {}, settings, pid);
		rows.push({ case: c.id, title: c.title, server: 'app', database, label, path: target.path, bodyBytes: p.body.length, busyBeforeCores, figures });
		log(`    ${figures.reqPerSec} req/s, p99 ${figures.latencyMs.p99} ms, non-2xx ${figures.non2xx}, errors ${figures.errors}`);
	}
	await cleanups.pop()!();
}

function extensionFor(contentType: string): string {
	if (contentType.startsWith('text/html')) return '.html';
	if (contentType.includes('json')) return '.json';
	if (contentType.startsWith('text/plain')) return '.txt';
	return '.bin';
}

async function benchBaselines(): Promise<string[]> {
	const versions: string[] = [];
	if (!samples.size) return versions;
	const mark = cleanups.length;
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-bench-static-'));
	cleanups.push(async () => fs.rmSync(work, { recursive: true, force: true }));
	const www = path.join(work, 'www');
	fs.mkdirSync(www);
	const files = new Map<string, string>();
	for (const [id, s] of samples) {
		const name = `${id}${extensionFor(s.probe.contentType)}`;
		fs.writeFileSync(path.join(www, name), s.probe.body, { mode: 0o644 });
		files.set(id, '/' + name);
	}
	const servers: StaticServer[] = [];
	checkAborted();
	const nginxBin = findNginx();
	if (nginxBin) {
		log(`\n▶ baseline: nginx (${nginxBin}), own config in ${work}`);
		const n = await startNginx(nginxBin, work, www);
		cleanups.push(() => n.stop());
		servers.push(n);
	} else {
		failures++;
		log('\n✗ nginx not found (Debian: apt-get install nginx-light); its baseline rows are missing');
		for (const [id, s] of samples)
			rows.push({ case: id, title: s.case.title, server: 'nginx', database: null, label: 'baseline · nginx, static file', path: files.get(id)!, bodyBytes: null, figures: null, skipped: 'nginx not installed' });
	}
	checkAborted();
	const nodeStatic = await startNodeStatic(www);
	cleanups.push(() => nodeStatic.stop());
	servers.push(nodeStatic);
	for (const server of servers) {
		versions.push(server.version);
		for (const [id, s] of samples) {
			const file = files.get(id)!;
			const label = server.name === 'nginx' ? 'baseline · nginx, static file' : 'baseline · node:http, bytes in memory';
			const p = await probe(server.url + file);
			const problem = p.status !== 200 ? `answered ${p.status}` : !p.body.equals(s.probe.body) ? 'served different bytes' : undefined;
			if (problem) {
				failures++;
				rows.push({ case: id, title: s.case.title, server: server.name as 'nginx', database: null, label, path: file, bodyBytes: p.body.length, figures: null, skipped: problem });
				continue;
			}
			log(`  ${server.name} ${id}: GET ${file} → 200, ${p.body.length} bytes`);
			const busyBeforeCores = await waitForQuiet();
			checkAborted();
			const figures = await load(server.url + file, {}, settings, server.pid);
			rows.push({ case: id, title: s.case.title, server: server.name as 'nginx', database: null, label, path: file, bodyBytes: p.body.length, busyBeforeCores, figures });
			log(`    ${figures.reqPerSec} req/s, p99 ${figures.latencyMs.p99} ms`);
		}
	}
	while (cleanups.length > mark) await cleanups.pop()!();
	return versions;
}

/** In-process timings, before any server starts, each target on a quiet machine. */
async function runTimings() {
	if (!timingCases.length) return;
	log('\n▶ in-process timings');
	for (const c of timingCases) {
		checkAborted();
		let targets;
		try {
			targets = await c.prepare();
		} catch (e) {
			failures++;
			timingRows.push({ case: c.id, title: c.title, label: '?', figures: null, skipped: `prepare failed: ${(e as Error).message}` });
			log(`  ✗ ${c.id}: prepare failed: ${(e as Error).message}`);
			continue;
		}
		for (const t of targets) {
			const busyBeforeCores = await waitForQuiet();
			checkAborted();
			try {
				const figures = await measure(t);
				timingRows.push({ case: c.id, title: c.title, label: t.label, figures, busyBeforeCores });
				log(`  ${c.id}: ${t.label}: p50 ${figures.p50Ms} ms, p95 ${figures.p95Ms} ms (${figures.samples} runs)`);
			} catch (e) {
				failures++;
				timingRows.push({ case: c.id, title: c.title, label: t.label, figures: null, busyBeforeCores, skipped: (e as Error).message });
				log(`  ✗ ${c.id}: ${t.label}: ${(e as Error).message}`);
			}
		}
	}
}

function gitCommit(): string | null {
	try {
		const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
		const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'drizzle', 'svelte.config.js', 'package.json'], { encoding: 'utf8' }).trim();
		return dirty ? `${head} (with uncommitted changes)` : head;
	} catch {
		return null;
	}
}

async function main() {
	if (!cases.length && !timingCases.length)
		throw new Error(`BENCH_ONLY=${only.join(',')} names no case; cases: ${[...allCases, ...allTimings].map((c) => c.id).join(', ')}`);
	const software: Record<string, string> = {};
	const ac = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'autocannon', 'package.json'), 'utf8')) as { version: string };
	log(`Lan Tỏa benchmarks: ${[...cases, ...timingCases].map((c) => c.id).join(', ')}; ${settings.connections} connections, ${settings.warmupS} s warm-up + ${settings.durationS} s each`);

	await runTimings();
	if (cases.length) {
		const snapshot = snapshotApp(root);
		cleanups.push(async () => snapshot.remove());
		appDir = snapshot.dir;
		await benchApp('pglite');
	}
	if (cases.length && pgAdminUrl) {
		log(`\n▶ PostgreSQL at ${redactUrl(pgAdminUrl)}: creating a fresh database for this run`);
		checkAborted();
		const db = await createBenchDatabase(pgAdminUrl);
		cleanups.push(() => db.drop());
		software.postgres = db.version;
		await benchApp('postgres', db.url);
		await cleanups.pop()!();
		log(`  dropped database ${db.name}`);
	} else if (cases.length) {
		log('\n(PostgreSQL skipped: set BENCH_DATABASE_URL=postgres://… to measure it too)');
	}
	for (const v of await benchBaselines()) if (!v.startsWith('node ')) software[v.split(' ')[0]] = v;
	const pglite = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version: string };
	software.pglite = `PGlite ${pglite.version}`;

	const cpus = os.cpus();
	const report: Report = {
		date: new Date().toISOString(),
		machine: { cpus: cpus.length, cpuModel: cpus[0]?.model ?? '?', memoryGiB: Math.round(os.totalmem() / 2 ** 30), os: `${os.type()} ${os.release()}`, node: process.version },
		software,
		commit: gitCommit(),
		settings: { ...settings, tool: `autocannon ${ac.version}, one thread in the runner process, keep-alive, no pipelining` },
		rows,
		timings: timingRows
	};
	const outDir = path.join(benchDir, 'results');
	fs.mkdirSync(outDir, { recursive: true });
	fs.writeFileSync(path.join(outDir, 'latest.json'), JSON.stringify(report, null, '\t') + '\n');

	const m = report.machine;
	console.log(
		`\nLan Tỏa benchmarks, ${report.date.slice(0, 16).replace('T', ' ')} UTC, commit ${report.commit ?? '?'}\n` +
			`${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; ${Object.values(software).join(', ')}\n` +
			`load: ${report.settings.tool}; ${settings.connections} connections, ${settings.warmupS} s warm-up then ${settings.durationS} s measured per target; load generator and servers share the machine\n`
	);
	if (rows.length) console.log(formatTable(report));
	if (timingRows.length) console.log(`\n${formatTimings(timingRows)}\n(timings: performance.now() around each run, in the runner's process, one after another; CPU ms/run = this process's CPU time over the runs, divided by their number; a PDF's CPU is mostly LibreOffice's, a child process, and not counted)`);
	const timingsDisturbed = timingRows.some((r) => (r.busyBeforeCores ?? 0) > QUIET_CORES);
	console.log(
		(rows.length
			? `\nreq/s counts every answer; p50/p99 are of the 2xx answers; errors = connection errors and timeouts;\n` +
				`server CPU / load-gen CPU = cores used while measured by the server process and by autocannon (PostgreSQL's own CPU is in the JSON).\n` +
				`Baselines serve the exact bytes the app answered, as a file (nginx, one worker) and from memory (bare node:http).\n`
			: '\n') +
			(rows.some(disturbed) || timingsDisturbed ? `* other work on the machine used CPU during or just before this measurement: read it as a low estimate.\n` : '') +
			`Written to ${path.relative(root, path.join(outDir, 'latest.json'))}.`
	);
	if (failures) console.log(`\n${failures} target(s) could not be measured: see above.`);
}

try {
	await main();
} catch (e) {
	failures++;
	log(`\nbench: ${(e as Error).stack ?? e}`);
} finally {
	await cleanup();
}
process.exitCode = failures ? 1 : 0;
// Keep-alive sockets of fetch() must not hold the process open.
setTimeout(() => process.exit(process.exitCode), 200).unref();
