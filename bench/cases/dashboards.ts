import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/lib/server/db/client';
import { startAppServer, type AppServer } from '../../src/lib/server/testing/app-server';
import { communeCode } from '../../src/lib/server/seed/generate';
import { DEMO_PASSWORD } from '../../src/lib/server/seed/demo';
import { requirePeriod } from '../../src/lib/server/periods';
import { actorForUser } from '../../src/lib/server/auth/grants';
import { getUserByUsername } from '../../src/lib/server/modules/users/users.service';
import { computeIndicators, computedIndicatorCodes } from '../../src/lib/server/modules/indicators/indicators.engine';
import { getDashboard } from '../../src/lib/server/modules/dashboards/dashboards.service';
import { createBenchDatabase } from '../lib/postgres';
import { snapshotApp } from '../lib/snapshot';
import type { TimingCase, TimingTarget } from '../lib/timing';

/**
 * Province dashboard and quarterly report figures on a generated province.
 *
 * `lantoa demo generate` (its own process) fills a fresh database: 1,000 villages in 100
 * communes, 200,000 households, 2,000,000 activities over five years (2022–2026); the generator
 * folds them into the kept month figures and reach counts itself. The fold is then run again
 * (timed: whatever is left) and the kept tables vacuumed, so their covering indexes answer from
 * the index alone, as autovacuum leaves them in normal use. Then, one after
 * another, on the province G and the quarter 2026Q3:
 *
 * - the quarterly report's figures: computeIndicators for every computed code (what a province
 *   report is pre-filled with), in-process;
 * - the dashboard's data (getDashboard: cards, months, communes, reach, plan), in-process, as the
 *   province officer;
 * - the dashboard page `GET /app/dashboard?unit=G&period=2026Q3` through the built app;
 *
 * beside the plain GROUP BY over the raw tables that the same figures would need without the
 * kept month figures (activities with their counts, households and materials, by channel; by
 * commune and month; distinct households reached), and the plain SQL over the kept figures.
 *
 * PostgreSQL when BENCH_DATABASE_URL (or DATABASE_URL) is set, at BENCH_DASHBOARDS_SCALE of the
 * size (default 1); PGlite with BENCH_DASHBOARDS_PGLITE=1 at BENCH_DASHBOARDS_PGLITE_SCALE
 * (default 0.1: 100 villages, 20,000 households, 200,000 activities). BENCH_DASHBOARDS_DATABASE_URL
 * measures a database generated before at that scale again (no generation; the database is kept).
 */

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const SEED = 1;
const YEAR = 2026;
const PERIOD = `${YEAR}Q3`;
const adminUrl = () => (process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || '').trim();
const label = { postgres: 'PostgreSQL', pglite: 'PGlite' } as const;

function scaleOf(kind: 'postgres' | 'pglite') {
	const env = kind === 'postgres' ? process.env.BENCH_DASHBOARDS_SCALE : process.env.BENCH_DASHBOARDS_PGLITE_SCALE;
	const f = Number(env) > 0 && Number(env) <= 1 ? Number(env) : kind === 'postgres' ? 1 : 0.1;
	return { villages: Math.max(10, Math.round(1000 * f)), households: Math.round(200_000 * f), activities: Math.round(2_000_000 * f) };
}
type Scale = ReturnType<typeof scaleOf>;

interface Place {
	kind: 'postgres' | 'pglite';
	env: Record<string, string>;
	open(): Promise<Database>;
	drop(): Promise<void>;
}

/** A database generated before (its URL), measured again without generating and kept afterwards. */
const reuseUrl = () => (process.env.BENCH_DASHBOARDS_DATABASE_URL || '').trim();

async function freshPlace(kind: 'postgres' | 'pglite'): Promise<Place> {
	if (kind === 'postgres' && reuseUrl()) {
		const url = reuseUrl();
		return { kind, env: { DATABASE_URL: url }, open: () => openDatabase({ databaseUrl: url, poolSize: 4 }), drop: async () => {} };
	}
	if (kind === 'postgres') {
		const created = await createBenchDatabase(adminUrl());
		return { kind, env: { DATABASE_URL: created.url }, open: () => openDatabase({ databaseUrl: created.url, poolSize: 4 }), drop: () => created.drop() };
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-bench-dashboards-'));
	return { kind, env: { LANTOA_DATA_DIR: dir }, open: () => openDatabase({ dataDir: dir }), drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

function runGenerate(place: Place, scale: Scale): Promise<number> {
	const env: Record<string, string> = {};
	for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'DATABASE_URL' && k !== 'LANTOA_DATA_DIR') env[k] = v;
	Object.assign(env, place.env, { LOG_LEVEL: 'warn' });
	const args = ['demo', 'generate', '--villages', String(scale.villages), '--households', String(scale.households), '--activities', String(scale.activities)];
	args.push('--seed', String(SEED), '--year', String(YEAR), '--accounts', '--json');
	return new Promise((resolve, reject) => {
		const start = performance.now();
		const child = spawn(process.execPath, [path.join(root, 'bin', 'lantoa.js'), ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (d) => (stderr += d));
		child.on('error', reject);
		child.on('close', (code) => (code === 0 ? resolve(performance.now() - start) : reject(new Error(`lantoa demo generate exited ${code}: ${stderr.slice(-500)}`))));
	});
}

/** The database open in this process, or the app server holding it (PGlite allows one process). */
class Stage {
	private database: Database | null = null;
	private app: AppServer | null = null;
	private snapshot: { dir: string; remove(): void } | null = null;
	private cookie: string | null = null;
	constructor(readonly place: Place) {}
	async db(): Promise<Database> {
		if (this.app) {
			await this.app.stop();
			this.app = null;
		}
		this.database ??= await this.place.open();
		return this.database;
	}
	async server(): Promise<{ url: string; cookie: string }> {
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
			const res = await fetch(`${this.app.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'mau.tinh', password: DEMO_PASSWORD }) });
			if (res.status !== 200) throw new Error(`sign-in answered ${res.status}`);
			this.cookie = res.headers
				.getSetCookie()
				.map((c) => c.split(';')[0])
				.join('; ');
		}
		return { url: this.app.url, cookie: this.cookie! };
	}
	async end() {
		await this.app?.stop().catch(() => {});
		this.app = null;
		await this.database?.close().catch(() => {});
		this.database = null;
		this.snapshot?.remove();
		await this.place.drop().catch(() => {});
	}
}

/** Activity figures of a scope and period by channel, straight from the raw tables (what indicator_month_figures saves). */
const rawByChannel = `SELECT a.channel_code, count(*)::int AS activities,
		count(*) FILTER (WHERE a.content_id IS NULL)::int AS no_content,
		sum(CASE WHEN EXISTS (SELECT 1 FROM activity_counts c WHERE c.activity_id = a.id)
			THEN (SELECT sum(c.count) FROM activity_counts c WHERE c.activity_id = a.id)
			ELSE (SELECT count(*) FROM activity_households h WHERE h.activity_id = a.id) END)::bigint AS participants,
		sum((SELECT COALESCE(sum((m->>'handedOut')::bigint), 0) FROM jsonb_array_elements(a.materials) m WHERE jsonb_typeof(m->'handedOut') = 'number'))
			FILTER (WHERE NOT EXISTS (SELECT 1 FROM content_distributions d WHERE d.activity_id = a.id))::bigint AS handed_out
	FROM activities a JOIN units u ON u.id = a.unit_id
	WHERE u.path LIKE $1 AND a.date BETWEEN $2::date AND $3::date AND a.status IN ('done', 'verified')
	GROUP BY 1`;
/** The same by commune and month (the dashboard's breakdowns), plain GROUP BY. */
const rawByCommuneMonth = `SELECT split_part(substr(u.path, length($4) + 1), '/', 1) AS commune, extract(month FROM a.date)::int AS month, a.channel_code, count(*)::int AS activities,
		sum(CASE WHEN EXISTS (SELECT 1 FROM activity_counts c WHERE c.activity_id = a.id)
			THEN (SELECT sum(c.count) FROM activity_counts c WHERE c.activity_id = a.id)
			ELSE (SELECT count(*) FROM activity_households h WHERE h.activity_id = a.id) END)::bigint AS participants
	FROM activities a JOIN units u ON u.id = a.unit_id
	WHERE u.path LIKE $1 AND a.date BETWEEN $2::date AND $3::date AND a.status IN ('done', 'verified')
	GROUP BY 1, 2, 3`;
/** Distinct households of the scope reached by a verified activity of the period, by category (plain SQL over links). */
const rawReach = `SELECT coalesce(c.category, 'none') AS category, count(DISTINCT ah.household_id)::int AS reached
	FROM activity_households ah JOIN activities a ON a.id = ah.activity_id
	JOIN households h ON h.id = ah.household_id JOIN units u ON u.id = h.unit_id
	LEFT JOIN household_classifications c ON c.household_id = h.id AND c.year = $4
	WHERE a.status = 'verified' AND a.date BETWEEN $2::date AND $3::date AND u.path LIKE $1
	GROUP BY 1`;
/** The activity figures by channel from indicator_month_figures (what the engine reads). */
const keptByChannel = `SELECT t.channel_code, sum(t.activities)::bigint, sum(t.participants)::bigint, sum(t.handed_out)::bigint
	FROM indicator_month_figures t JOIN units u ON u.id = t.unit_id
	WHERE u.path LIKE $1 AND t.year = $2 AND t.month BETWEEN $3 AND $4
	GROUP BY 1`;

function targetsFor(kind: 'postgres' | 'pglite', place: Place): TimingTarget[] {
	const scale = scaleOf(kind);
	const L = label[kind];
	const stage = new Stage(place);
	const period = requirePeriod(PERIOD);
	let provincePath = '';
	const size = `${scale.villages.toLocaleString('en-US')} villages, ${scale.households.toLocaleString('en-US')} households, ${scale.activities.toLocaleString('en-US')} activities`;
	const samples = kind === 'postgres' ? 40 : 20;
	const ensurePath = async () => {
		if (!provincePath) {
			const { rows } = await (await stage.db()).sql.query<{ path: string }>(`SELECT path FROM units WHERE code = 'G'`);
			provincePath = rows[0].path;
		}
		return provincePath;
	};
	let note = '';
	const onceTarget = (base: string, work: () => Promise<string>): TimingTarget => ({
		get label() {
			return note && base.includes('fold') ? `${base} [${note}]` : base;
		},
		samples: 1,
		warmup: 0,
		async run() {
			const r = await work();
			process.stderr.write(`    ${base}: ${r}\n`);
			if (base.includes('fold')) note = r;
			return 1;
		}
	});
	/** Plain SQL over the raw tables takes seconds at the full size: fewer runs (BENCH_DASHBOARDS_RAW_SAMPLES). */
	const rawSamples = Number(process.env.BENCH_DASHBOARDS_RAW_SAMPLES) || (kind === 'postgres' ? 8 : 10);
	const sqlTarget = (title: string, query: string, params: () => unknown[], runs = samples): TimingTarget => ({
		label: title,
		samples: runs,
		warmup: runs < samples ? 1 : 3,
		async run() {
			await ensurePath();
			const { rows } = await (await stage.db()).sql.query(query, params());
			if (!rows.length) throw new Error(`${title}: no rows`);
			return JSON.stringify(rows).length;
		}
	});
	const q = { from: period.from, to: period.to, m1: 7, m2: 9 };
	const targets: TimingTarget[] = [
		onceTarget(`${L}: lantoa demo generate (${size}; its own process)`, async () => {
			if (kind === 'postgres' && reuseUrl()) return 'skipped: BENCH_DASHBOARDS_DATABASE_URL names a database generated before';
			return `${((await runGenerate(place, scale)) / 1000).toFixed(0)} s`;
		}),
		onceTarget(`app · ${L}: fold the generated rows into indicator_month_figures and the reach counts (once, after a bulk write)`, async () => {
			const db = await stage.db();
			await db.migrate(path.join(root, 'drizzle'));
			const start = performance.now();
			await db.db.execute(sql`SELECT indicator_month_flush(), reach_counts_flush()`);
			const ms = performance.now() - start;
			const { rows } = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM indicator_month_figures`);
			for (const table of ['indicator_month_figures', 'reach_period_counts', 'reach_register_counts']) await db.sql.query(`VACUUM ANALYZE ${table}`);
			return `${(ms / 1000).toFixed(1)} s, ${rows[0].n.toLocaleString('en-US')} rows`;
		}),
		{
			label: `app · ${L}: province quarterly report figures, computeIndicators(G, ${PERIOD}, ${computedIndicatorCodes.length} computed codes)`,
			samples,
			warmup: 3,
			async run() {
				const db = await stage.db();
				const figures = await computeIndicators(db.db, { unitPath: await ensurePath() }, period, computedIndicatorCodes);
				if (!figures.find((f) => f.code === 'dialogues_held')?.value) throw new Error('no dialogues counted');
				return JSON.stringify(figures).length;
			}
		},
		{
			label: `app · ${L}: province dashboard data, getDashboard(G, ${PERIOD}) as the province officer`,
			samples,
			warmup: 3,
			async run() {
				const db = await stage.db();
				const actor = await actorForUser(db.db, await getUserByUsername(db.db, 'mau.tinh'), 'session');
				const d = await getDashboard({ db: db.db, actor }, 'G', PERIOD);
				if (d.children.length < 2) throw new Error('no communes');
				return JSON.stringify(d).length;
			}
		},
		sqlTarget(`baseline · ${L}: plain GROUP BY over activities (+ counts, households, materials), province quarter by channel`, rawByChannel, () => [`${provincePath}%`, q.from, q.to], rawSamples),
		sqlTarget(`baseline · ${L}: plain GROUP BY over activities, province quarter by commune, month and channel`, rawByCommuneMonth, () => [`${provincePath}%`, q.from, q.to, provincePath], rawSamples),
		sqlTarget(`baseline · ${L}: plain SQL over links, distinct households reached by category, province quarter`, rawReach, () => [`${provincePath}%`, q.from, q.to, YEAR], rawSamples),
		sqlTarget(`baseline · ${L}: plain SQL over indicator_month_figures, province quarter by channel`, keptByChannel, () => [`${provincePath}%`, YEAR, q.m1, q.m2]),
		{
			label: `app · ${L}: GET /app/dashboard?unit=G&period=${PERIOD} (province officer, the page)`,
			samples,
			warmup: 3,
			async run() {
				const { url, cookie } = await stage.server();
				const res = await fetch(`${url}/app/dashboard?unit=G&period=${PERIOD}`, { headers: { cookie }, signal: AbortSignal.timeout(120_000) });
				const text = await res.text();
				if (res.status !== 200 || !text.includes(`data-unit="${communeCode(1, scale.villages)}"`)) throw new Error(`dashboard answered ${res.status}: ${text.slice(0, 200)}`);
				return text.length;
			}
		}
	];
	// The last target's last run ends the stage; so does a failure of any run of it.
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

const dashboardsCase: TimingCase = {
	id: 'dashboards',
	title: 'Province dashboard and quarterly report figures on a generated province, beside the plain GROUP BY over the raw tables',
	async prepare() {
		const kinds: ('postgres' | 'pglite')[] = [...(adminUrl() ? (['postgres'] as const) : []), ...(process.env.BENCH_DASHBOARDS_PGLITE === '1' ? (['pglite'] as const) : [])];
		if (!kinds.length) {
			process.stderr.write('    (dashboards skipped: set BENCH_DATABASE_URL, or BENCH_DASHBOARDS_PGLITE=1 for PGlite at a tenth of the size)\n');
			return [];
		}
		const targets: TimingTarget[] = [];
		for (const kind of kinds) targets.push(...targetsFor(kind, await freshPlace(kind)));
		return targets;
	}
};

export const dashboardTimings: TimingCase[] = [dashboardsCase];
