import { EventEmitter } from 'node:events';
import autocannon from 'autocannon';
import pg from 'pg';
import { startAppServer, type AppServer } from '../../src/lib/server/testing/app-server';
import { createBenchDatabase, type BenchDatabase } from '../lib/postgres';
import { cpuSecondsBetween, cpuSecondsByName, findOwnChild, machineBusyCores, machineCpuSeconds, processCpuSeconds } from '../lib/proc';
import type { TimingCase, TimingTarget } from '../lib/timing';

/**
 * Feedback submissions per second on PostgreSQL (`POST /api/v1/public/feedback`, every request a
 * different body), beside the raw single-row INSERT rate of the same database with the same
 * concurrency: `INSERT INTO` a scratch copy of `feedback_items` (same columns, defaults, checks
 * and indexes, no foreign keys), one row per statement, autocommit, through node-postgres.
 *
 * The server is the built app (`build/`) on a fresh database with the demo data. Its submission
 * limits are raised through LANTOA_FEEDBACK_IP_LIMIT and LANTOA_FEEDBACK_PHONE_LIMIT for this
 * server only: all load comes from 127.0.0.1, and the production limits (20 per IP per hour)
 * would refuse it after the twentieth request. Production servers never set them.
 *
 * The load runs while the case is prepared and is reported in the labels (submissions/s, p50,
 * p99, errors, over BENCH_FEEDBACK_DURATION seconds with BENCH_FEEDBACK_CONNECTIONS connections,
 * default 10 s and 32); the timed rows then are one submission, and one raw INSERT, at a time.
 * Needs BENCH_DATABASE_URL (or DATABASE_URL); targets: ≥ 500 submissions/s, p99 < 100 ms on 2 cores.
 */

const adminUrl = () => (process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || '').trim();
const DURATION_S = Number(process.env.BENCH_FEEDBACK_DURATION) || 10;
const CONNECTIONS = Number(process.env.BENCH_FEEDBACK_CONNECTIONS) || 32;
const WARMUP_S = 2;
const UNIT = '16108';

interface Figures {
	perSec: number;
	/** CPU per stored row: the app server's, PostgreSQL's (ms); other work on the machine meanwhile (cores). */
	serverCpuMs?: number | null;
	postgresCpuMs?: number;
	otherCores?: number | null;
	p50: number;
	p99: number;
	ok: number;
	failed: number;
	statuses: Record<string, number>;
}

function percentiles(ms: number[]): { p50: number; p99: number } {
	const s = Float64Array.from(ms).sort();
	const at = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] : NaN);
	const r = (n: number) => Math.round(n * 100) / 100;
	return { p50: r(at(0.5)), p99: r(at(0.99)) };
}

let serial = 0;
/** A different, realistic body for every request. */
function submission() {
	const n = ++serial;
	return JSON.stringify({
		unit: UNIT,
		category: ['question', 'complaint', 'suggestion', 'support'][n % 4],
		title: `Hỏi về chính sách hỗ trợ số ${n}`,
		body: `Gia đình tôi ở thôn ${n % 6 + 1}, xin hỏi thủ tục nhận hỗ trợ theo chương trình giảm nghèo (lần gửi ${n}, ${Date.now()}).`,
		name: n % 3 ? `Người gửi ${n}` : undefined,
		phone: n % 3 ? `09${String(10_000_000 + (n % 90_000_000)).padStart(8, '0')}` : undefined,
		anonymous: n % 3 === 0,
		consent: n % 3 === 1
	});
}

type Cannon = Promise<{ statusCodeStats?: Record<string, { count: number }>; errors: number; timeouts: number }> & EventEmitter;

/** POST load with autocannon, a new body per request; latencies of every 201 collected exactly. */
async function postLoad(url: string, seconds: number, collect: boolean): Promise<Figures> {
	const latencies: number[] = [];
	const started = process.hrtime.bigint();
	const instance = (autocannon as unknown as (o: object) => Cannon)({
		url,
		connections: CONNECTIONS,
		duration: seconds,
		timeout: 10,
		requests: [{ method: 'POST', path: '/api/v1/public/feedback', headers: { 'content-type': 'application/json' }, setupRequest: (req: object) => ({ ...req, body: submission() }) }]
	});
	if (collect)
		instance.on('response', (_c: unknown, status: number, _b: number, ms: number) => {
			if (status === 201) latencies.push(ms);
		});
	const r = await instance;
	const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
	const statuses: Record<string, number> = {};
	for (const [code, v] of Object.entries(r.statusCodeStats ?? {})) statuses[code] = v.count;
	const ok = statuses['201'] ?? 0;
	const answered = Object.values(statuses).reduce((a, b) => a + b, 0);
	return { perSec: Math.round(ok / elapsed), ...percentiles(latencies), ok, failed: answered - ok + r.errors, statuses };
}

const RAW_TABLE = 'bench_feedback_raw';

async function unitIdOf(pool: pg.Pool): Promise<string> {
	const { rows } = await pool.query<{ id: string }>(`SELECT id FROM units WHERE code = $1`, [UNIT]);
	return rows[0].id;
}

/** The same number of clients, each inserting one row per statement for `seconds`. */
async function rawInsertLoad(pool: pg.Pool, seconds: number): Promise<Figures> {
	const latencies: number[] = [];
	let failed = 0;
	const unitId = await unitIdOf(pool);
	const end = Date.now() + seconds * 1000;
	const started = process.hrtime.bigint();
	await Promise.all(
		Array.from({ length: CONNECTIONS }, async () => {
			while (Date.now() < end) {
				const n = ++serial;
				const t0 = performance.now();
				try {
					await pool.query(
						`INSERT INTO ${RAW_TABLE} (tracking_code, unit_id, handling_unit_id, category_code, channel, title, body, sender_name, sender_phone, due_date, escalate_after)
						 VALUES ($1, $2, $2, 'question', 'api', $3, $4, $5, $6, current_date + 14, current_date + 14)`,
						[`R${n.toString(36).toUpperCase().padStart(11, '0')}`, unitId, `Hỏi về chính sách hỗ trợ số ${n}`, `Nội dung ${n} ${Date.now()}`, `Người gửi ${n}`, '0912345678']
					);
					latencies.push(performance.now() - t0);
				} catch {
					failed++;
				}
			}
		})
	);
	const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
	return { perSec: Math.round(latencies.length / elapsed), ...percentiles(latencies), ok: latencies.length, failed, statuses: {} };
}

/** Runs a load and adds what it cost in CPU, per stored row, and how busy the rest of the machine was. */
async function withCpu(serverPid: number | null, fn: () => Promise<Figures>): Promise<Figures> {
	const pg0 = cpuSecondsByName('postgres');
	const m0 = machineCpuSeconds();
	const s0 = serverPid ? processCpuSeconds(serverPid) : null;
	const c0 = process.cpuUsage();
	const t0 = process.hrtime.bigint();
	const f = await fn();
	const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
	const pg = cpuSecondsBetween(pg0, cpuSecondsByName('postgres'));
	const m1 = machineCpuSeconds();
	const s1 = serverPid ? processCpuSeconds(serverPid) : null;
	const c = process.cpuUsage(c0);
	const server = s0 !== null && s1 !== null ? s1 - s0 : null;
	const r = (n: number) => Math.round(n * 100) / 100;
	const ok = Math.max(1, f.ok);
	return {
		...f,
		serverCpuMs: server === null ? null : r((server * 1000) / ok),
		postgresCpuMs: r((pg * 1000) / ok),
		otherCores: m0 && m1 ? r(Math.max(0, (m1.busy - m0.busy - pg - (server ?? 0) - (c.user + c.system) / 1e6) / seconds)) : null
	};
}

/** Waits (up to BENCH_QUIET_WAIT seconds, 120 by default) for the machine to be nearly idle, as the runner does. */
async function waitForQuiet(): Promise<number | null> {
	const until = Date.now() + (Number(process.env.BENCH_QUIET_WAIT) || 120) * 1000;
	let busy = await machineBusyCores();
	while (busy !== null && busy > 0.3 && Date.now() < until) busy = await machineBusyCores(2000);
	return busy;
}

const describe = (f: Figures) =>
	`${f.perSec}/s, p50 ${f.p50} ms, p99 ${f.p99} ms, ${f.failed} failed` +
	(f.serverCpuMs != null ? `, app CPU ${f.serverCpuMs} ms` : '') +
	(f.postgresCpuMs != null ? `, PostgreSQL CPU ${f.postgresCpuMs} ms per row` : '') +
	(f.otherCores ? `, other work ${f.otherCores} cores` : '');

export const feedbackTimings: TimingCase[] = [
	{
		id: 'feedback-submit',
		title: `Feedback submissions on PostgreSQL, ${CONNECTIONS} connections for ${DURATION_S} s (target ≥ 500/s, p99 < 100 ms) beside raw single-row INSERTs`,
		async prepare(): Promise<TimingTarget[]> {
			if (!adminUrl()) throw new Error('needs BENCH_DATABASE_URL (or DATABASE_URL): the target is on PostgreSQL');
			let database: BenchDatabase | null = null;
			let server: AppServer | null = null;
			let pool: pg.Pool | null = null;
			const cleanup = async () => {
				await pool?.end().catch(() => {});
				pool = null;
				await server?.stop().catch(() => {});
				server = null;
				await database?.drop().catch(() => {});
				database = null;
			};
			// If a measurement throws, the server still goes when the runner exits.
			process.once('exit', () => void server?.kill());
			try {
				database = await createBenchDatabase(adminUrl());
				server = await startAppServer({
					databaseUrl: database.url,
					env: { LANTOA_FEEDBACK_IP_LIMIT: '1000000000', LANTOA_FEEDBACK_PHONE_LIMIT: '1000000000', LOG_LEVEL: 'warn' }
				});
				const url = server.url;
				const dbUrl = database.url;
				pool = new pg.Pool({ connectionString: dbUrl, max: 2 });
				await pool.query(`CREATE TABLE ${RAW_TABLE} (LIKE feedback_items INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
				const serverPid = findOwnChild('lantoa.js');
				await postLoad(url, WARMUP_S, false);
				const busyBefore = await waitForQuiet();
				if (busyBefore !== null && busyBefore > 0.3) console.log(`  feedback-submit: ${busyBefore.toFixed(2)} cores busy with other work before the load: read the rates as low estimates`);
				const app = await withCpu(serverPid, () => postLoad(url, DURATION_S, true));
				// The same pool for warm-up and measurement: its backends exist before the window, so their CPU is counted.
				const rawPool = new pg.Pool({ connectionString: dbUrl, max: CONNECTIONS });
				await rawInsertLoad(rawPool, WARMUP_S);
				await waitForQuiet();
				const raw = await withCpu(null, () => rawInsertLoad(rawPool, DURATION_S));
				await rawPool.end();
				console.log(
					`  feedback-submit: POST /api/v1/public/feedback ${describe(app)} (statuses ${JSON.stringify(app.statuses)}); raw INSERT ${describe(raw)}; ` +
						`the app reaches ${Math.round((app.perSec / Math.max(1, raw.perSec)) * 100)}% of the raw rate`
				);
				const livePool = pool;
				const unitId = await unitIdOf(livePool);
				let calls = 0;
				const last = 5 + 100;
				return [
					{
						label: `app: POST /api/v1/public/feedback under load ${describe(app)}; timed: one at a time`,
						warmup: 5,
						samples: 100,
						async run() {
							const res = await fetch(url + '/api/v1/public/feedback', { method: 'POST', headers: { 'content-type': 'application/json' }, body: submission() });
							const text = await res.text();
							if (res.status !== 201) throw new Error(`status ${res.status}: ${text.slice(0, 200)}`);
							return text.length;
						}
					},
					{
						label: `baseline: single-row INSERT under load ${describe(raw)}; timed: one at a time`,
						warmup: 5,
						samples: 100,
						async run() {
							const n = ++serial;
							try {
								await livePool.query(
									`INSERT INTO ${RAW_TABLE} (tracking_code, unit_id, handling_unit_id, category_code, channel, title, body, sender_name, sender_phone, due_date, escalate_after)
									 VALUES ($1, $2, $2, 'question', 'api', $3, $4, $5, $6, current_date + 14, current_date + 14)`,
									[`S${n.toString(36).toUpperCase().padStart(11, '0')}`, unitId, `Hỏi về chính sách hỗ trợ số ${n}`, `Nội dung ${n} ${Date.now()}`, `Người gửi ${n}`, '0912345678']
								);
								return 1;
							} finally {
								if (++calls === last) await cleanup();
							}
						}
					}
				];
			} catch (e) {
				await cleanup();
				throw e;
			}
		}
	}
];
