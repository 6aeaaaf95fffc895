import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../src/lib/server/db/client';
import { startAppServer, type AppServer } from '../../src/lib/server/testing/app-server';
import { generatedId, villageHouseholdNumbers, communeCode, type GenerateSummary } from '../../src/lib/server/seed/generate';
import { DEMO_PASSWORD } from '../../src/lib/server/seed/demo';
import { today } from '../../src/lib/server/periods';
import { createBenchDatabase } from '../lib/postgres';
import { snapshotApp } from '../lib/snapshot';
import type { TimingCase, TimingTarget } from '../lib/timing';

/**
 * Activities and reach at a province's scale.
 *
 * `lantoa demo generate` (its own process, timed, peak RSS read from /proc) fills a fresh
 * database with a made-up province: 1,000 villages in 100 communes, 200,000 households with their
 * categories, 2,000,000 activities over 2022–2026 and the households 15 % of them reached. Then the
 * built app runs on that database (`lantoa serve`, a private copy of build/) and the runner times,
 * one request after another:
 *
 * - the activity list `GET /api/v1/activities?unit=…&period=2026Q3&limit=50` as the province's
 *   officer, for the province and for one commune after another;
 * - reach `GET /api/v1/reach?unit=…&period=2026` for one commune after another and the province;
 * - 1,000 activities queued on a village head's phone, sent as `PUT /api/v1/activities/{id}` one
 *   at a time, another 1,000 with 4 in flight, then the first 1,000 again (each must answer 200
 *   with the stored version unchanged);
 *
 * and, after the server stops, on the same database: the plain SQL of the same list (same filters
 * and order, LIMIT 51) and its count, the plain distinct count of reached households by category,
 * and one multi-row INSERT of the same 1,000 activities with their counts and households.
 *
 * Runs on PostgreSQL when BENCH_DATABASE_URL (or DATABASE_URL) is set; on PGlite only with
 * BENCH_ACTIVITIES_PGLITE=1, at BENCH_ACTIVITIES_PGLITE_SCALE of the size (default 0.1: 100
 * villages, 20,000 households, 200,000 activities). BENCH_ACTIVITIES_SCALE shrinks the PostgreSQL
 * data set for a quick try. BENCH_ACTIVITIES_DATABASE_URL measures a database generated before at
 * that scale again (no generation; the database is kept, and gains the synced records).
 */

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const SEED = 1;
const YEAR = 2026;
const LIST_PERIOD = `${YEAR}Q3`;
const SYNC = Number(process.env.BENCH_ACTIVITIES_SYNC) || 1000;
/** A request that takes longer is a failure of the target (the rest still runs). */
const REQUEST_TIMEOUT_MS = Number(process.env.BENCH_ACTIVITIES_TIMEOUT) * 1000 || 60_000;
const adminUrl = () => (process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || '').trim();
const label = { postgres: 'PostgreSQL', pglite: 'PGlite' } as const;
const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;

function scaleOf(kind: 'postgres' | 'pglite') {
	const env = kind === 'postgres' ? process.env.BENCH_ACTIVITIES_SCALE : process.env.BENCH_ACTIVITIES_PGLITE_SCALE;
	const f = Number(env) > 0 && Number(env) <= 1 ? Number(env) : kind === 'postgres' ? 1 : 0.1;
	const villages = Math.max(10, Math.round(1000 * f));
	return { villages, households: Math.round(200_000 * f), activities: Math.round(2_000_000 * f) };
}
type Scale = ReturnType<typeof scaleOf>;

interface Place {
	kind: 'postgres' | 'pglite';
	env: Record<string, string>;
	open(): Promise<Database>;
	drop(): Promise<void>;
}

/** A database generated before (its URL), measured again without generating and kept afterwards. */
const reuseUrl = () => (process.env.BENCH_ACTIVITIES_DATABASE_URL || '').trim();

async function freshPlace(kind: 'postgres' | 'pglite'): Promise<Place> {
	if (kind === 'postgres' && reuseUrl()) {
		const url = reuseUrl();
		return { kind, env: { DATABASE_URL: url }, open: () => openDatabase({ databaseUrl: url, poolSize: 4 }), drop: async () => {} };
	}
	if (kind === 'postgres') {
		const created = await createBenchDatabase(adminUrl());
		return { kind, env: { DATABASE_URL: created.url }, open: () => openDatabase({ databaseUrl: created.url, poolSize: 4 }), drop: () => created.drop() };
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-bench-activities-'));
	return { kind, env: { LANTOA_DATA_DIR: dir }, open: () => openDatabase({ dataDir: dir }), drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** `lantoa demo generate` in its own process; its peak RSS read from /proc while it runs. */
function runGenerate(place: Place, scale: Scale): Promise<{ ms: number; peakKb: number; summary: GenerateSummary }> {
	const env: Record<string, string> = {};
	for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'DATABASE_URL' && k !== 'LANTOA_DATA_DIR') env[k] = v;
	Object.assign(env, place.env, { LOG_LEVEL: 'warn' });
	const args = ['demo', 'generate', '--villages', String(scale.villages), '--households', String(scale.households), '--activities', String(scale.activities)];
	args.push('--seed', String(SEED), '--year', String(YEAR), '--accounts', '--json');
	return new Promise((resolve, reject) => {
		const start = performance.now();
		const child = spawn(process.execPath, [path.join(root, 'bin', 'lantoa.js'), ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		let peakKb = 0;
		const poll = setInterval(() => {
			try {
				const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
				if (m) peakKb = Math.max(peakKb, Number(m[1]));
			} catch {
				/* exited */
			}
		}, 100);
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => {
			stderr += d;
			for (const line of String(d).split('\n')) if (line.trim()) process.stderr.write(`      ${line}\n`);
		});
		child.on('error', reject);
		child.on('close', (code) => {
			clearInterval(poll);
			if (code !== 0) return reject(new Error(`lantoa demo generate exited ${code}: ${stderr.slice(-500)}`));
			resolve({ ms: performance.now() - start, peakKb, summary: JSON.parse(stdout) as GenerateSummary });
		});
	});
}

/**
 * A target run once, whose label gains its figures after the run. `ready` (signing in, stopping
 * the server to reach the database) runs first as the untimed warm-up.
 */
function once(base: string, work: () => Promise<{ bytes: number; note: string }>, ready?: () => Promise<unknown>): TimingTarget {
	let note = '';
	let prepared = !ready;
	return {
		get label() {
			return note ? `${base} [${note}]` : base;
		},
		samples: 1,
		warmup: ready ? 1 : 0,
		async run() {
			if (!prepared) {
				prepared = true;
				await ready!();
				return 0;
			}
			const r = await work();
			note = r.note;
			process.stderr.write(`    ${base}: ${r.note}\n`);
			return r.bytes;
		}
	};
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

/** What a village head's phone queues: done activities of the last weeks in the village, with counts and households. */
function queuedActivities(scale: Scale, count: number, villageCode: string) {
	const households = villageHouseholdNumbers(1, scale.villages, scale.households).map((n) => generatedId(SEED, 'h', n));
	const day = today();
	const channels = ['home_visit', 'dialogue', 'loudspeaker', 'leaflet'];
	return Array.from({ length: count }, (_, i) => {
		const channel = channels[i % channels.length];
		const d = new Date(`${day}T00:00:00Z`);
		d.setUTCDate(d.getUTCDate() - 1 - (i % 60));
		const named = channel === 'home_visit' || channel === 'dialogue' ? households.slice((i * 7) % Math.max(1, households.length - 8), ((i * 7) % Math.max(1, households.length - 8)) + 3 + (i % 6)) : [];
		return {
			id: randomUUID(),
			body: {
				unit: villageCode,
				channel,
				title: channel === 'loudspeaker' ? `Phát bản tin giảm nghèo số ${i + 1} trên loa thôn` : `Họp thôn phổ biến chính sách hỗ trợ hộ nghèo, lần ${i + 1}`,
				place: channel === 'loudspeaker' ? null : 'Nhà văn hóa thôn',
				date: d.toISOString().slice(0, 10),
				startTime: channel === 'loudspeaker' ? '06:00' : '19:00',
				endTime: channel === 'loudspeaker' ? '06:15' : '20:30',
				organiser: 'Trưởng thôn',
				audiences: channel === 'loudspeaker' ? ['general_public'] : ['poor', 'near_poor'],
				counts: channel === 'loudspeaker' ? {} : { poor: 2 + (i % 5), near_poor: 1 + (i % 3), other: 5 + (i % 11) },
				households: named,
				materials: channel === 'leaflet' ? [{ label: 'Tờ rơi vay vốn ưu đãi', printed: 60, handedOut: 55 }] : [],
				status: 'done'
			}
		};
	});
}

/** Sends the PUTs with `inFlight` at a time; returns each request's ms and the statuses. */
async function sendAll(url: string, cookie: string, items: { id: string; body: unknown }[], inFlight: number) {
	const times: number[] = [];
	const statuses = new Map<number, number>();
	const versions = new Set<number>();
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const item = items[next++];
			const start = performance.now();
			const res = await fetch(`${url}/api/v1/activities/${item.id}`, {
				method: 'PUT',
				headers: { 'content-type': 'application/json', cookie },
				body: JSON.stringify(item.body)
			});
			const text = await res.text();
			times.push(performance.now() - start);
			statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
			if (res.status === 200 || res.status === 201) versions.add((JSON.parse(text) as { version: number }).version);
			else if ((statuses.get(res.status) ?? 0) === 1) process.stderr.write(`      PUT answered ${res.status}: ${text.slice(0, 300)}\n`);
		}
	};
	const start = performance.now();
	await Promise.all(Array.from({ length: inFlight }, worker));
	const totalMs = performance.now() - start;
	times.sort((a, b) => a - b);
	return { totalMs, times, statuses, versions };
}

function syncNote(r: Awaited<ReturnType<typeof sendAll>>): string {
	const st = [...r.statuses].map(([s, n]) => `${n}× ${s}`).join(', ');
	return `${(r.totalMs / 1000).toFixed(1)} s, ${Math.round((r.times.length * 1000) / r.totalMs)} records/s; per request p50 ${fmt(pct(r.times, 50))} ms, p95 ${fmt(pct(r.times, 95))} ms, max ${fmt(r.times[r.times.length - 1])} ms; ${st}`;
}

/** The plain SQL beside the API, with the same filters and order as the list (activities.repository). */
const listSql = `SELECT a.*, u.code, u.name FROM activities a JOIN units u ON u.id = a.unit_id
	WHERE u.path LIKE $1 AND a.date >= $2 AND a.date <= $3
	ORDER BY a.date DESC, coalesce(a.start_time, '') DESC, a.id DESC LIMIT 51`;
const countSql = `SELECT count(*)::int AS n FROM activities a JOIN units u ON u.id = a.unit_id WHERE u.path LIKE $1 AND a.date >= $2 AND a.date <= $3`;
/** Distinct households of the scope reached by a verified activity of the period, by their category of the year. */
const reachSql = `SELECT coalesce(c.category, 'none') AS category, count(DISTINCT ah.household_id)::int AS reached
	FROM activity_households ah JOIN activities a ON a.id = ah.activity_id
	JOIN households h ON h.id = ah.household_id JOIN units u ON u.id = h.unit_id
	LEFT JOIN household_classifications c ON c.household_id = h.id AND c.year = $4
	WHERE a.status = 'verified' AND a.date BETWEEN $2::date AND $3::date AND u.path LIKE $1
	GROUP BY 1`;
/** The same counts from household_reach, the table the database keeps (what the reach API reads): the period's months as a mask. */
const reachKeptSql = `SELECT coalesce(c.category, 'none') AS category, count(*)::int AS reached
	FROM households h JOIN units u ON u.id = h.unit_id
	JOIN household_reach r ON r.household_id = h.id AND r.year = $4 AND r.channel_code = '*' AND (r.months & $5::int) <> 0
	LEFT JOIN household_classifications c ON c.household_id = h.id AND c.year = $4
	WHERE h.merged_into_id IS NULL AND u.path LIKE $1 AND $2::date <= $3::date
	GROUP BY 1`;

/** The same counts from reach_period_counts, kept per unit, year, period mask, category and channel (what the reach API reads now). */
const reachCountsSql = `SELECT t.category, sum(t.reached)::int AS reached
	FROM reach_period_counts t JOIN units u ON u.id = t.unit_id
	WHERE u.path LIKE $1 AND t.year = $2 AND t.mask = $3 AND t.channel_code = '*'
	GROUP BY 1`;

/** One multi-row INSERT per table of the same activities (new ids), their counts and households, in one transaction. */
function insertSql(items: ReturnType<typeof queuedActivities>, villageId: string): { text: string; values: unknown[] }[] {
	const ids = items.map(() => randomUUID());
	const values: unknown[] = [];
	const rows = items.map((it, i) => {
		const b = it.body;
		const p = (v: unknown) => {
			values.push(v);
			return `$${values.length}`;
		};
		return `(${p(ids[i])}, ${p(villageId)}, ${p(b.channel)}, ${p(b.title)}, ${p(b.place)}, ${p(b.date)}, ${p(b.startTime)}, ${p(b.endTime)}, ${p(b.organiser)}, ${p(`{${b.audiences.join(',')}}`)}, ${p(JSON.stringify(b.materials))}, 'done', 'offline')`;
	});
	const counts = items.flatMap((it, i) => Object.entries(it.body.counts).map(([g, n]) => `('${ids[i]}', '${g}', ${n})`));
	const links = items.flatMap((it, i) => it.body.households.map((h) => `('${ids[i]}', '${h}', 'offline')`));
	return [
		{ text: `INSERT INTO activities (id, unit_id, channel_code, title, place, date, start_time, end_time, organiser, audiences, materials, status, source) VALUES ${rows.join(', ')}`, values },
		...(counts.length ? [{ text: `INSERT INTO activity_counts (activity_id, group_code, count) VALUES ${counts.join(', ')}`, values: [] }] : []),
		...(links.length ? [{ text: `INSERT INTO activity_households (activity_id, household_id, how) VALUES ${links.join(', ')}`, values: [] }] : [])
	];
}

async function signIn(url: string, username: string): Promise<string> {
	const res = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
	if (res.status !== 200) throw new Error(`sign-in as ${username} answered ${res.status}: ${await res.text()}`);
	return res.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
}

/**
 * The database is either open here (SQL baselines) or held by the app server (API targets):
 * PGlite allows one process. Each target asks for what it needs; switching closes the other.
 */
class Stage {
	private database: Database | null = null;
	private app: AppServer | null = null;
	private snapshot: { dir: string; remove(): void } | null = null;
	cookies = new Map<string, string>();
	/** Set when a request was given up on: the database may still be busy with it. */
	gaveUp = false;
	constructor(readonly place: Place) {}
	/**
	 * After a request was given up on: on PostgreSQL its query is cancelled; PGlite runs queries
	 * inside the server process, so the server is restarted.
	 */
	async recover() {
		if (!this.gaveUp) return;
		this.gaveUp = false;
		if (this.place.kind === 'postgres') {
			const database = await this.place.open();
			try {
				await database.sql.query(`SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`);
			} finally {
				await database.close();
			}
		} else await this.stopApp();
	}
	async sql(): Promise<Database> {
		const hadApp = Boolean(this.app);
		if (this.app) await this.stopApp();
		this.database ??= await this.place.open();
		// A request given up on (timeout) may still be running in PostgreSQL: end it, so it does
		// not run beside the baselines.
		if (hadApp && this.place.kind === 'postgres')
			await this.database.sql.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
		return this.database;
	}
	async server(): Promise<AppServer> {
		if (this.database) {
			await this.database.close();
			this.database = null;
		}
		if (!this.app) {
			this.snapshot ??= snapshotApp(root);
			process.chdir(this.snapshot.dir);
			try {
				this.app = await startAppServer({ ...(this.place.kind === 'postgres' ? { databaseUrl: this.place.env.DATABASE_URL } : { dataDir: this.place.env.LANTOA_DATA_DIR }), timeoutMs: 180_000 });
			} finally {
				process.chdir(root);
			}
			this.cookies.clear();
		}
		return this.app;
	}
	async cookie(username: string): Promise<string> {
		const app = await this.server();
		if (!this.cookies.has(username)) this.cookies.set(username, await signIn(app.url, username));
		return this.cookies.get(username)!;
	}
	private async stopApp() {
		await this.app?.stop();
		this.app = null;
	}
	async end() {
		await this.stopApp().catch(() => {});
		await this.database?.close().catch(() => {});
		this.database = null;
		this.snapshot?.remove();
		await this.place.drop().catch(() => {});
	}
}

/** A repeated GET through the app; fails on anything but 200 or when `check` finds a fault. */
function getTarget(stage: Stage, title: string, samples: number, warmup: number, pathFor: (i: number) => string, check: (body: unknown) => string | undefined): TimingTarget {
	let i = 0;
	return {
		label: title,
		samples,
		warmup,
		async run() {
			const cookie = await stage.cookie('mau.tinh');
			const app = await stage.server();
			const res = await fetch(app.url + pathFor(i++), { headers: { cookie }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).catch((err: Error) => {
				stage.gaveUp = true;
				throw new Error(`${pathFor(i - 1)}: no answer within ${REQUEST_TIMEOUT_MS / 1000} s (${err.name})`);
			});
			const text = await res.text();
			if (res.status !== 200) throw new Error(`${pathFor(i - 1)} answered ${res.status}: ${text.slice(0, 300)}`);
			const problem = check(JSON.parse(text));
			if (problem) throw new Error(`${pathFor(i - 1)}: ${problem}`);
			return text.length;
		}
	};
}

function sqlTarget(stage: Stage, title: string, samples: number, warmup: number, query: string, paramsFor: (i: number) => unknown[], check: (rows: Record<string, unknown>[]) => string | undefined): TimingTarget {
	let i = 0;
	return {
		label: title,
		samples,
		warmup,
		async run() {
			const database = await stage.sql();
			const { rows } = await database.sql.query<Record<string, unknown>>(query, paramsFor(i++));
			const problem = check(rows);
			if (problem) throw new Error(problem);
			return JSON.stringify(rows).length;
		}
	};
}

function targetsFor(kind: 'postgres' | 'pglite', place: Place): TimingTarget[] {
	const scale = scaleOf(kind);
	const L = label[kind];
	const stage = new Stage(place);
	const communes = Math.ceil(scale.villages / 10);
	const commune = (i: number) => communeCode(1 + ((i * 37) % communes), scale.villages);
	const village = `${communeCode(1, scale.villages)}-01`;
	const paths = new Map<string, string>();
	const q3 = { from: `${YEAR}-07-01`, to: `${YEAR}-09-30` };
	const year = { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` };
	const pathOf = async (code: string) => {
		if (!paths.has(code)) {
			const { rows } = await (await stage.sql()).sql.query<{ path: string }>(`SELECT path FROM units WHERE code = $1`, [code]);
			paths.set(code, rows[0].path);
		}
		return paths.get(code)!;
	};
	/** LIKE pattern of everything under a unit (paths hold only ids and slashes). */
	const under = (code: string) => `${paths.get(code)}%`;
	const full = (body: unknown) => ((body as { items: unknown[] }).items.length === 50 ? undefined : `${(body as { items: unknown[] }).items.length} items, not 50`);
	const reached = (body: unknown) => ((body as { total: { reached: number } }).total.reached > 0 ? undefined : 'no household reached');
	const first = queuedActivities(scale, SYNC, village);
	const second = queuedActivities(scale, SYNC, village);
	let firstVersions = 0;
	const size = `${scale.villages.toLocaleString('en-US')} villages, ${scale.households.toLocaleString('en-US')} households, ${scale.activities.toLocaleString('en-US')} activities`;

	const targets: TimingTarget[] = [
		once(`${L}: lantoa demo generate (${size}; its own process)`, async () => {
			if (kind === 'postgres' && reuseUrl()) return { bytes: 0, note: 'skipped: BENCH_ACTIVITIES_DATABASE_URL names a database generated before' };
			const r = await runGenerate(place, scale);
			return {
				bytes: r.summary.activities,
				note: `${(r.ms / 1000).toFixed(0)} s, peak RSS ${mb(r.peakKb)}; ${r.summary.activityHouseholds.toLocaleString('en-US')} household links, ${r.summary.activityCounts.toLocaleString('en-US')} count rows`
			};
		}),
		once(`app · ${L}: vacuum the kept reach counts (what autovacuum does after a bulk write), so their covering indexes answer alone`, async () => {
			const database = await stage.sql();
			await database.migrate(path.join(root, 'drizzle'));
			const start = performance.now();
			for (const table of ['reach_period_counts', 'reach_register_counts', 'activity_month_totals']) await database.sql.query(`VACUUM ANALYZE ${table}`);
			return { bytes: 1, note: `${fmt(performance.now() - start)} ms` };
		}),
		getTarget(stage, `app · ${L}: GET /api/v1/activities?unit=G&period=${LIST_PERIOD}&limit=50 (province officer, whole province)`, 200, 20, () => `/api/v1/activities?unit=G&period=${LIST_PERIOD}&limit=50`, full),
		getTarget(stage, `app · ${L}: GET /api/v1/activities?unit=<commune>&period=${LIST_PERIOD}&limit=50 (province officer, a commune, rotating)`, 200, 20, (i) => `/api/v1/activities?unit=${commune(i)}&period=${LIST_PERIOD}&limit=50`, full),
		getTarget(stage, `app · ${L}: GET /api/v1/reach?unit=<commune>&period=${YEAR} (a commune, rotating)`, 40, 5, (i) => `/api/v1/reach?unit=${commune(i)}&period=${YEAR}`, reached),
		getTarget(stage, `app · ${L}: GET /api/v1/reach?unit=G&period=${YEAR} (whole province)`, kind === 'postgres' ? 30 : 20, 3, () => `/api/v1/reach?unit=G&period=${YEAR}`, reached),
		once(`app · ${L}: ${SYNC} queued records, PUT /api/v1/activities/{id} one at a time (village head)`, async () => {
			const app = await stage.server();
			const r = await sendAll(app.url, await stage.cookie('mau.thon'), first, 1);
			if (r.statuses.get(201) !== SYNC) throw new Error(`not all created: ${syncNote(r)}`);
			firstVersions = r.versions.size;
			return { bytes: SYNC, note: syncNote(r) };
		}, async () => {
			await stage.recover();
			return stage.cookie('mau.thon');
		}),
		once(`app · ${L}: another ${SYNC}, 4 in flight`, async () => {
			const app = await stage.server();
			const r = await sendAll(app.url, await stage.cookie('mau.thon'), second, 4);
			if (r.statuses.get(201) !== SYNC) throw new Error(`not all created: ${syncNote(r)}`);
			return { bytes: SYNC, note: syncNote(r) };
		}, async () => {
			await stage.recover();
			return stage.cookie('mau.thon');
		}),
		once(`app · ${L}: the first ${SYNC} again, 4 in flight (repeats: 200, nothing changed)`, async () => {
			const app = await stage.server();
			const r = await sendAll(app.url, await stage.cookie('mau.thon'), first, 4);
			if (r.statuses.get(200) !== SYNC || r.versions.size !== 1 || !r.versions.has(1) || firstVersions !== 1) throw new Error(`repeats were not all unchanged: ${syncNote(r)}; versions ${[...r.versions]}`);
			return { bytes: SYNC, note: syncNote(r) };
		}, async () => {
			await stage.recover();
			return stage.cookie('mau.thon');
		}),
		once(`baseline · ${L}: one multi-row INSERT of the same ${SYNC} activities (new ids) with their counts and households, one transaction`, async () => {
			const database = await stage.sql();
			const { rows } = await database.sql.query<{ id: string }>(`SELECT id FROM units WHERE code = $1`, [village]);
			const statements = insertSql(first, rows[0].id);
			const start = performance.now();
			await database.sql.query('BEGIN');
			for (const s of statements) await database.sql.query(s.text, s.values);
			await database.sql.query('COMMIT');
			const ms = performance.now() - start;
			return { bytes: SYNC, note: `${fmt(ms)} ms, ${Math.round((SYNC * 1000) / ms).toLocaleString('en-US')} records/s` };
		}, () => stage.sql()),
		sqlTarget(stage, `baseline · ${L}: plain SQL, the same list of the province (same filters and order, LIMIT 51)`, 200, 20, listSql, () => [under('G'), q3.from, q3.to], (rows) => (rows.length === 51 ? undefined : `${rows.length} rows`)),
		sqlTarget(stage, `baseline · ${L}: plain SQL, count(*) of that list (the API does not count)`, 100, 10, countSql, () => [under('G'), q3.from, q3.to], (rows) => (Number(rows[0].n) > 0 ? undefined : 'nothing counted')),
		sqlTarget(stage, `baseline · ${L}: plain SQL, the same list of a commune (rotating)`, 200, 20, listSql, (i) => [under(commune(i)), q3.from, q3.to], (rows) => (rows.length === 51 ? undefined : `${rows.length} rows`)),
		sqlTarget(stage, `baseline · ${L}: plain SQL, count(*) of a commune's list`, 200, 20, countSql, (i) => [under(commune(i)), q3.from, q3.to], (rows) => (Number(rows[0].n) > 0 ? undefined : 'nothing counted')),
		sqlTarget(stage, `baseline · ${L}: plain SQL, distinct households reached by category, a commune (rotating)`, 40, 5, reachSql, (i) => [under(commune(i)), year.from, year.to, YEAR], (rows) => (rows.length ? undefined : 'no rows')),
		sqlTarget(stage, `baseline · ${L}: plain SQL, distinct households reached by category, whole province`, kind === 'postgres' ? 30 : 20, 3, reachSql, () => [under('G'), year.from, year.to, YEAR], (rows) => (rows.length ? undefined : 'no rows')),
		sqlTarget(stage, `baseline · ${L}: plain SQL on household_reach, households reached by category, a commune (rotating)`, 40, 5, reachKeptSql, (i) => [under(commune(i)), year.from, year.to, YEAR, 4095], (rows) => (rows.length ? undefined : 'no rows')),
		sqlTarget(stage, `baseline · ${L}: plain SQL on household_reach, households reached by category, whole province`, kind === 'postgres' ? 30 : 20, 3, reachKeptSql, () => [under('G'), year.from, year.to, YEAR, 4095], (rows) => (rows.length ? undefined : 'no rows')),
		sqlTarget(stage, `baseline · ${L}: plain SQL on reach_period_counts, households reached by category, a commune (rotating)`, 40, 5, reachCountsSql, (i) => [under(commune(i)), YEAR, 4095], (rows) => (rows.length ? undefined : 'no rows')),
		sqlTarget(stage, `baseline · ${L}: plain SQL on reach_period_counts, households reached by category, whole province`, kind === 'postgres' ? 30 : 20, 3, reachCountsSql, () => [under('G'), YEAR, 4095], (rows) => (rows.length ? undefined : 'no rows')),
	];
	// Unit paths for the SQL baselines are read once the data is there (first SQL target).
	for (const t of targets.filter((t) => t.label.startsWith('baseline') && t.samples !== 1)) {
		const run = t.run.bind(t);
		t.run = async () => {
			if (!paths.has('G')) {
				await pathOf('G');
				for (let c = 1; c <= communes; c++) await pathOf(communeCode(c, scale.villages));
			}
			return run();
		};
	}
	// The last target's last run ends the stage (server stopped, database closed and dropped), and
	// so does any failure of it; the drop falls in its slowest sample, not in p50 or p95.
	const last = targets[targets.length - 1];
	const total = (last.samples ?? 200) + (last.warmup ?? 20);
	let runs = 0;
	const run = last.run.bind(last);
	last.run = async () => {
		try {
			const bytes = await run();
			if (++runs === total) await stage.end();
			return bytes;
		} catch (err) {
			await stage.end();
			throw err;
		}
	};
	return targets;
}

const activitiesCase: TimingCase = {
	id: 'activities',
	title: 'Activities and reach on a generated province (lantoa demo generate): list and reach through the API beside plain SQL; 1,000 queued records synced beside a multi-row INSERT',
	async prepare() {
		const kinds: ('postgres' | 'pglite')[] = [...(adminUrl() ? (['postgres'] as const) : []), ...(process.env.BENCH_ACTIVITIES_PGLITE === '1' ? (['pglite'] as const) : [])];
		if (!kinds.length) {
			process.stderr.write('    (activities skipped: set BENCH_DATABASE_URL, or BENCH_ACTIVITIES_PGLITE=1 for PGlite at a tenth of the size)\n');
			return [];
		}
		const targets: TimingTarget[] = [];
		for (const kind of kinds) targets.push(...targetsFor(kind, await freshPlace(kind)));
		return targets;
	}
};

export const activityTimings: TimingCase[] = [activitiesCase];
