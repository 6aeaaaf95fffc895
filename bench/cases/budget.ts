import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/lib/server/db/client';
import { systemActor } from '../../src/lib/server/access/actor';
import { generateProvince, GENERATED_PROVINCE_CODE } from '../../src/lib/server/seed/generate';
import { rowsOf } from '../../src/lib/server/modules/activities/activities.reach';
import { getSettlement } from '../../src/lib/server/modules/budget/budget.settlement';
import { renderSettlementXlsx } from '../../src/lib/server/modules/budget/budget.settlement.export';
import { createBenchDatabase } from '../lib/postgres';
import type { TimingCase } from '../lib/timing';

/**
 * The year-end settlement of a whole province.
 *
 * A province is made by the generator (`generateProvince`, what `lantoa demo generate` runs):
 * 1,000 villages in 100 communes, with fewer households and activities than the activities
 * benchmark (BENCH_BUDGET_HOUSEHOLDS, default 50,000; BENCH_BUDGET_ACTIVITIES, default 200,000),
 * since a settlement reads allocations and spending, not reach. Then, in one statement each: every
 * commune gets an allocation from each of the four sources, and BENCH_BUDGET_LINES (default
 * 20,000; about 200 a commune, a busy commune's year) approved spending lines are written on
 * the year's activities, spread over the communes and sources.
 *
 * Timed: the settlement of the province as its XLSX (`getSettlement` with every line, then
 * `renderSettlementXlsx`: the summary of 101 holders and the grouped lines with subtotals), its
 * figures alone (the JSON of the API), beside the plain SQL sum of the same lines by commune and
 * source. Target: the XLSX under 2 s. On PostgreSQL when BENCH_DATABASE_URL is set, else PGlite;
 * BENCH_BUDGET_DATABASE_URL names a PostgreSQL database that already holds this case's province
 * (made with the same settings and kept): it is measured again without the minutes of generating,
 * and kept.
 */

const YEAR = 2026;
const num = (v: string | undefined, d: number) => (Number(v) > 0 ? Math.floor(Number(v)) : d);
const VILLAGES = num(process.env.BENCH_BUDGET_VILLAGES, 1000);
const HOUSEHOLDS = num(process.env.BENCH_BUDGET_HOUSEHOLDS, 50_000);
const ACTIVITIES = num(process.env.BENCH_BUDGET_ACTIVITIES, 200_000);
const LINES = num(process.env.BENCH_BUDGET_LINES, 20_000);

/** A database generated before by this case (its URL): measured again without generating, and kept. */
const reuseUrl = () => (process.env.BENCH_BUDGET_DATABASE_URL || '').trim();

async function place(): Promise<{ database: Database; kind: string; drop: () => Promise<void>; generated: boolean }> {
	if (reuseUrl()) {
		const database = await openDatabase({ databaseUrl: reuseUrl(), poolSize: 4 });
		return { database, kind: 'PostgreSQL', drop: () => database.close(), generated: true };
	}
	const admin = (process.env.BENCH_DATABASE_URL || '').trim();
	if (admin) {
		const created = await createBenchDatabase(admin);
		const database = await openDatabase({ databaseUrl: created.url, poolSize: 4 });
		return { database, kind: 'PostgreSQL', drop: async () => (await database.close(), await created.drop()), generated: false };
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-bench-budget-'));
	const database = await openDatabase({ dataDir: dir });
	return { database, kind: 'PGlite', drop: async () => (await database.close(), fs.rmSync(dir, { recursive: true, force: true })), generated: false };
}

export const budgetTimings: TimingCase[] = [
	{
		id: 'budget-settlement',
		title: `Settlement of a generated province (${VILLAGES / 10} communes, ${LINES.toLocaleString('en')} approved spending lines)`,
		async prepare() {
			const p = await place();
			const db = p.database.db;
			if (!p.generated) {
				await p.database.migrate(path.resolve('drizzle'));
				process.stderr.write(`    generating the province on ${p.kind} …\n`);
				await generateProvince(db, { villages: VILLAGES, households: HOUSEHOLDS, activities: ACTIVITIES, seed: 1, year: YEAR, asOf: `${YEAR}-12-31` });
				await db.execute(sql`
					INSERT INTO budget_allocations (unit_id, year, source_code, amount, decision_number, decision_date, decision_issuer)
					SELECT u.id, ${YEAR}, fs.code, 40000000 + (abs(hashtext(u.code || fs.code)) % 20000) * 1000, 'BENCH/QĐ-UBND', ${`${YEAR}-01-10`}::date, 'UBND tỉnh'
					FROM units u CROSS JOIN funding_sources fs
					WHERE u.level = 'commune' AND u.path LIKE (SELECT path FROM units WHERE code = ${GENERATED_PROVINCE_CODE}) || '%'`);
				// Spending on every k-th activity of the year, the commune being its holder.
				await db.execute(sql`
					WITH picked AS (
						SELECT a.id, a.date, a.title, c.id AS commune, row_number() OVER (ORDER BY a.id) AS n
						FROM activities a JOIN units v ON v.id = a.unit_id JOIN units c ON c.id = v.parent_id
						WHERE a.date BETWEEN ${`${YEAR}-01-01`} AND ${`${YEAR}-12-31`} AND c.level = 'commune'
							AND c.path LIKE (SELECT path FROM units WHERE code = ${GENERATED_PROVINCE_CODE}) || '%'
					), total AS (SELECT count(*) AS n FROM picked)
					INSERT INTO spending_lines (activity_id, budget_unit_id, source_code, year, amount, spent_on, payee, description, status)
					SELECT p.id, p.commune, (ARRAY['central_programme', 'local_budget', 'legal_dissemination', 'socialised'])[1 + p.n % 4], ${YEAR},
						50000 + (p.n * 7919) % 2000000, p.date, 'Đơn vị cung cấp dịch vụ ' || (p.n % 37), 'Chi cho hoạt động: ' || left(p.title, 60), 'approved'
					FROM picked p, total t
					WHERE p.n % greatest(1, t.n / ${LINES}) = 0
					LIMIT ${LINES}`);
				// Statistics as a running database has them (PGlite runs no autovacuum).
				await db.execute(sql`ANALYZE`);
			} else process.stderr.write(`    measuring the province generated before (BENCH_BUDGET_DATABASE_URL) …\n`);
			const [{ n }] = await rowsOf<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM spending_lines`);
			process.stderr.write(`    ${n} spending lines\n`);
			const ctx = { db, actor: systemActor };
			let baselineRuns = 0;
			let cleaned = false;
			const last = async () => {
				if (!cleaned) {
					cleaned = true;
					await p.drop();
				}
			};
			return [
				{
					label: `app: settlement XLSX of the province (${p.kind}, ${n} lines) — target < 2 s`,
					samples: 10,
					warmup: 2,
					async run() {
						const s = await getSettlement(ctx, GENERATED_PROVINCE_CODE, YEAR);
						return (await renderSettlementXlsx(s)).byteLength;
					}
				},
				{
					label: `app: settlement figures only (the API's JSON, ${p.kind})`,
					samples: 20,
					warmup: 2,
					async run() {
						const s = await getSettlement(ctx, GENERATED_PROVINCE_CODE, YEAR, { lines: false });
						return JSON.stringify(s.holders).length;
					}
				},
				{
					label: `baseline: plain SQL sum of the approved lines by commune and source (${p.kind})`,
					samples: 20,
					warmup: 2,
					// The last target: after its last run the database goes.
					async run() {
						const rows = await rowsOf<{ s: string }>(
							db,
							sql`SELECT budget_unit_id, source_code, SUM(amount) AS s FROM spending_lines WHERE year = ${YEAR} AND status = 'approved' GROUP BY 1, 2`
						);
						// The database goes after the last run, outside its timing.
						if (++baselineRuns === 22) setImmediate(() => void last().catch((e) => process.stderr.write(`    could not drop the database: ${(e as Error).message}\n`)));
						return rows.length;
					}
				}
			];
		}
	}
];
