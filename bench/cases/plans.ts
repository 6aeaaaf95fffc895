import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type Database } from '../../src/lib/server/db/client';
import type { AppUnderTest, BenchCase } from '../registry';
import { createBenchDatabase } from '../lib/postgres';

/**
 * Issue numbers under contention. `prepare` brings ROUNDS × 50 plans of Hà Bình to "approved"
 * through the API, then, round by round, sends 50 `POST /api/v1/plans/{id}/issue` at once and
 * times each answer; the numbers given must be distinct and without gaps. Beside it, in the same
 * run: the register's own statement (`INSERT … ON CONFLICT DO UPDATE … RETURNING`) 50 at once on
 * a database of the same kind with the same schema (PGlite in this process; a fresh database on
 * the same PostgreSQL server, through a pool the size of the app's). The figures are printed and
 * written to bench/results/plans-issue.json; the load the runner then applies is a read of one
 * issued plan, `GET /api/v1/plans/{id}` (the interchange JSON).
 */

const CONCURRENT = 50;
/** Rounds measured after one warm-up round. */
const ROUNDS = 3;
const UNIT = '16108';
const REGISTER_UPSERT = `INSERT INTO document_registers (unit_id, year, symbol, last_number) VALUES ($1, $2, $3, 1)
	ON CONFLICT (unit_id, year, symbol) DO UPDATE SET last_number = document_registers.last_number + 1 RETURNING last_number`;

interface Burst {
	/** Milliseconds of each answer. */
	latencies: number[];
	/** Milliseconds from the first request sent to the last answer. */
	wallMs: number;
}

interface IssueFigures {
	database: 'pglite' | 'postgres';
	target: string;
	rounds: number;
	concurrent: number;
	/** Operations per second over the measured rounds (each round from first sent to last answered). */
	perSecond: number;
	latencyMs: { p50: number; p99: number; max: number };
	roundWallMs: number[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function figures(database: IssueFigures['database'], target: string, bursts: Burst[]): IssueFigures {
	const all = bursts.flatMap((b) => b.latencies).sort((a, b) => a - b);
	const at = (q: number) => round2(all[Math.min(all.length - 1, Math.ceil(q * all.length) - 1)]);
	const wall = bursts.reduce((s, b) => s + b.wallMs, 0);
	return {
		database,
		target,
		rounds: bursts.length,
		concurrent: CONCURRENT,
		perSecond: Math.round((all.length / wall) * 1000),
		latencyMs: { p50: at(0.5), p99: at(0.99), max: round2(all[all.length - 1]) },
		roundWallMs: bursts.map((b) => round2(b.wallMs))
	};
}

async function burst(ops: (() => Promise<void>)[]): Promise<Burst> {
	const start = performance.now();
	const latencies = await Promise.all(
		ops.map(async (op) => {
			const t = performance.now();
			await op();
			return performance.now() - t;
		})
	);
	return { latencies, wallMs: performance.now() - start };
}

async function api(app: AppUnderTest, token: string, method: string, url: string, body?: unknown) {
	const res = await fetch(app.url + url, {
		method,
		headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
		body: body ? JSON.stringify(body) : undefined
	});
	const text = await res.text();
	if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${text.slice(0, 200)}`);
	return JSON.parse(text) as { id: string; number: string | null };
}

/** Plans of Hà Bình brought to "approved" through the API, a few requests at a time. */
async function approvedPlans(app: AppUnderTest, token: string, count: number): Promise<string[]> {
	const ids: string[] = [];
	const one = async (i: number) => {
		const plan = await api(app, token, 'POST', '/api/v1/plans', { unit: UNIT, template: true, year: 2040 + (i % 50) });
		await api(app, token, 'POST', `/api/v1/plans/${plan.id}/submit`);
		await api(app, token, 'POST', `/api/v1/plans/${plan.id}/approve`);
		ids.push(plan.id);
	};
	for (let i = 0; i < count; i += 8) await Promise.all(Array.from({ length: Math.min(8, count - i) }, (_, k) => one(i + k)));
	return ids;
}

/** A migrated database of the same kind as the app's, with one unit to keep a register for. */
async function baselineDatabase(kind: 'pglite' | 'postgres'): Promise<{ database: Database; unitId: string; drop(): Promise<void> }> {
	let database: Database;
	let drop = async () => {};
	if (kind === 'pglite') database = await openDatabase({});
	else {
		const admin = (process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || '').trim();
		const created = await createBenchDatabase(admin);
		// The app's pool size (src/lib/server/db/client.ts), so both queue alike.
		database = await openDatabase({ databaseUrl: created.url, poolSize: 10 });
		drop = () => created.drop();
	}
	await database.migrate(path.resolve('drizzle'));
	const unitId = randomUUID();
	await database.sql.query(`INSERT INTO units (id, code, name, level, path) VALUES ($1, 'B1', 'Xã Đo Thử', 'province', $2)`, [unitId, `/${unitId}/`]);
	return {
		database,
		unitId,
		async drop() {
			await database.close();
			await drop();
		}
	};
}

const results: IssueFigures[] = [];

function report(rows: IssueFigures[]) {
	const out = path.resolve('bench/results/plans-issue.json');
	fs.mkdirSync(path.dirname(out), { recursive: true });
	fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), rows }, null, '\t') + '\n');
	for (const r of rows.slice(-2))
		process.stderr.write(
			`    ${r.database} · ${r.target}: ${r.perSecond} per s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms (${r.rounds} × ${r.concurrent} at once)\n`
		);
}

export const planCases: BenchCase[] = [
	{
		id: 'plans-issue',
		title: 'GET /api/v1/plans/{id} (an issued plan as interchange JSON); before it, 50 concurrent POST …/issue beside 50 concurrent register upserts',
		async prepare(app) {
			const token = await app.adminToken();
			const ids = await approvedPlans(app, token, CONCURRENT * (ROUNDS + 1));
			const numbers: number[] = [];
			const issueBursts: Burst[] = [];
			for (let r = 0; r <= ROUNDS; r++) {
				const batch = ids.slice(r * CONCURRENT, (r + 1) * CONCURRENT);
				const b = await burst(batch.map((id) => async () => void numbers.push(Number((await api(app, token, 'POST', `/api/v1/plans/${id}/issue`)).number))));
				if (r > 0) issueBursts.push(b);
			}
			numbers.sort((a, b) => a - b);
			if (new Set(numbers).size !== numbers.length || numbers.at(-1)! - numbers[0] !== numbers.length - 1)
				throw new Error(`issue numbers are not distinct and contiguous: ${numbers.join(',')}`);
			results.push(figures(app.database, 'app: POST /api/v1/plans/{id}/issue', issueBursts));

			const base = await baselineDatabase(app.database);
			try {
				const upsertBursts: Burst[] = [];
				for (let r = 0; r <= ROUNDS; r++) {
					const b = await burst(Array.from({ length: CONCURRENT }, () => async () => void (await base.database.sql.query(REGISTER_UPSERT, [base.unitId, 2040, 'KH-UBND']))));
					if (r > 0) upsertBursts.push(b);
				}
				results.push(figures(app.database, 'baseline: INSERT … ON CONFLICT DO UPDATE … RETURNING', upsertBursts));
			} finally {
				await base.drop();
			}
			report(results);
			return {
				path: `/api/v1/plans/${ids[0]}`,
				headers: { authorization: `Bearer ${token}` },
				check: (body) => ((JSON.parse(body) as { status?: string }).status === 'issued' ? undefined : 'the plan is not issued')
			};
		}
	}
];
