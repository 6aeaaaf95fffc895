import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/lib/server/db/client';
import { systemActor } from '../../src/lib/server/access/actor';
import { createUnit } from '../../src/lib/server/modules/units/units.service';
import { outboxMessages } from '../../src/lib/server/modules/outreach/outbox.tables';
import { fanOutHouseholdNotice } from '../../src/lib/server/modules/outreach/outbox.fanout';
import { deliverDue } from '../../src/lib/server/modules/outreach/outbox.worker';
import { startFakeSmsGateway } from '../../src/lib/server/modules/outreach/testing/sms-server';
import { createBenchDatabase, type BenchDatabase } from '../lib/postgres';
import { machineBusyCores } from '../lib/proc';
import { once, type TimingCase, type TimingTarget } from '../lib/timing';

/**
 * Outreach: fan-out and delivery.
 *
 * Fan-out: one SMS notice, then one ZNS notice, to every consenting household of a commune of
 * 100,000 households (`fanOutHouseholdNotice`, the one INSERT … SELECT that notices use, consent
 * checked in the SELECT), beside a raw multi-row INSERT (1,000 rows a statement) of the same
 * 100,000 outbox rows built in the process. Target: the whole batch queued in under 10 s.
 *
 * Delivery: the first BENCH_OUTREACH_DELIVER (default 5,000) of the SMS notice through the local
 * SMS gateway server (the agreed protocol, counting deliveries per idempotency key) by two
 * delivery loops side by side, at LANTOA_RATE_SMS = BENCH_OUTREACH_RATE (default 500/s); the label
 * gives the achieved rate against the configured one and the duplicates (must be zero).
 *
 * PostgreSQL with BENCH_DATABASE_URL (a fresh database), and PGlite in memory; BENCH_OUTREACH_PGLITE=0
 * leaves PGlite out. BENCH_OUTREACH_HOUSEHOLDS changes the size.
 */

const HOUSEHOLDS = Number(process.env.BENCH_OUTREACH_HOUSEHOLDS) || 100_000;
const DELIVER = Number(process.env.BENCH_OUTREACH_DELIVER) || 5_000;
const RATE = Number(process.env.BENCH_OUTREACH_RATE) || 500;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const adminUrl = () => (process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || '').trim();
const kinds = (): ('postgres' | 'pglite')[] => [...(adminUrl() ? (['postgres'] as const) : []), ...(process.env.BENCH_OUTREACH_PGLITE === '0' ? [] : (['pglite'] as const))];
const label = { postgres: 'PostgreSQL', pglite: 'PGlite' } as const;

interface Place {
	database: Database;
	bench: BenchDatabase | null;
	communePath: string;
	communeId: string;
}

/** A fresh database with a commune of ten villages and HOUSEHOLDS households, each with a phone and consent to SMS and Zalo. */
async function preparePlace(kind: 'postgres' | 'pglite'): Promise<Place> {
	const bench = kind === 'postgres' ? await createBenchDatabase(adminUrl()) : null;
	const database = await openDatabase({ databaseUrl: bench?.url ?? null, poolSize: 6 });
	await database.migrate(path.join(root, 'drizzle'));
	const ctx = { db: database.db, actor: systemActor };
	await createUnit(ctx, { code: 'BP', name: 'Tỉnh Đo Thử', level: 'province', parentCode: null });
	const commune = await createUnit(ctx, { code: 'BC', name: 'Xã Đo Thử', level: 'commune', parentCode: 'BP' });
	for (let v = 1; v <= 10; v++) await createUnit(ctx, { code: `BC-${v}`, name: `Thôn ${v}`, level: 'village', parentCode: 'BC' });
	const start = performance.now();
	await database.db.execute(sql`
		INSERT INTO households (unit_id, head_name, head_name_norm, phone)
		SELECT (SELECT id FROM units WHERE code = 'BC-' || (1 + g % 10)), 'Hộ số ' || g, 'ho so ' || g, '09' || lpad(g::text, 8, '0')
		FROM generate_series(1, ${HOUSEHOLDS}) g`);
	await database.db.execute(sql`
		INSERT INTO household_consents (household_id, granted, channels)
		SELECT id, true, ARRAY['sms', 'zalo'] FROM households`);
	await database.db.execute(sql`ANALYZE households`);
	await database.db.execute(sql`ANALYZE household_consents`);
	process.stderr.write(`    ${label[kind]}: ${HOUSEHOLDS.toLocaleString('en-US')} consenting households made in ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
	const { rows } = (await database.db.execute(sql`SELECT path FROM units WHERE code = 'BC'`)) as unknown as { rows: { path: string }[] };
	return { database, bench, communePath: rows[0].path, communeId: (commune as { id: string }).id };
}

async function count(database: Database, where: ReturnType<typeof sql>): Promise<number> {
	const { rows } = (await database.db.execute(sql`SELECT count(*)::int AS n FROM outbox_messages WHERE ${where}`)) as unknown as { rows: { n: number }[] };
	return Number(rows[0].n);
}

export const outreachTimings: TimingCase[] = [
	{
		id: 'outreach',
		title: `Outreach: one notice fanned out to ${HOUSEHOLDS.toLocaleString('en-US')} consenting households, and delivery at a rate limit`,
		async prepare() {
			const targets: TimingTarget[] = [];
			for (const kind of kinds()) {
				let place: Place | null = null;
				const ready = async () => (place ??= await preparePlace(kind));
				const notice = (channel: 'sms' | 'zns', keyPrefix: string) => ({
					unitPath: null as string | null,
					channel,
					body: 'Xã Đo Thử: đối thoại chính sách tại nhà văn hóa thôn, 8 giờ sáng thứ Sáu. Soạn HUY gửi 8088 để ngừng nhận.',
					causeType: 'notice',
					causeId: '00000000-0000-4000-8000-000000000001',
					keyPrefix,
					createdBy: null
				});
				for (const channel of ['sms', 'zns'] as const)
					targets.push(
						once(`app · ${label[kind]}: fanOutHouseholdNotice, one ${channel.toUpperCase()} notice, in one transaction`, async () => {
							const p = await ready();
							const busy = await machineBusyCores(500);
							const start = performance.now();
							const result = await p.database.db.transaction((tx) => fanOutHouseholdNotice(tx, { ...notice(channel, `bench:${channel}`), unitPath: p.communePath }));
							const s = (performance.now() - start) / 1000;
							return {
								bytes: result.queued,
								note: `${result.queued.toLocaleString('en-US')} queued in ${s.toFixed(2)} s (${Math.round(result.queued / s).toLocaleString('en-US')} rows/s; target < 10 s); machine busy before: ${busy?.toFixed(1) ?? '?'} cores`
							};
						})
					);
				targets.push(
					once(`baseline · ${label[kind]}: raw multi-row INSERT of the same ${HOUSEHOLDS.toLocaleString('en-US')} outbox rows (1,000 a statement)`, async () => {
						const p = await ready();
						const { rows: hh } = (await p.database.db.execute(sql`SELECT id, unit_id, phone FROM households ORDER BY id`)) as unknown as {
							rows: { id: string; unit_id: string; phone: string }[];
						};
						const body = notice('sms', '').body;
						const start = performance.now();
						await p.database.db.transaction(async (tx) => {
							for (let i = 0; i < hh.length; i += 1000)
								await tx.insert(outboxMessages).values(
									hh.slice(i, i + 1000).map((h) => ({
										unitId: h.unit_id,
										channel: 'sms',
										kind: 'notice',
										recipient: '84' + h.phone.slice(1),
										householdId: h.id,
										body,
										idempotencyKey: `raw:${h.id}:sms`,
										causeType: 'notice',
										// Written as already given up, so the delivery below leaves them alone.
										status: 'cancelled'
									}))
								);
						});
						const s = (performance.now() - start) / 1000;
						return { bytes: hh.length, note: `${hh.length.toLocaleString('en-US')} rows in ${s.toFixed(2)} s (${Math.round(hh.length / s).toLocaleString('en-US')} rows/s)` };
					})
				);
				targets.push(
					once(`app · ${label[kind]}: ${DELIVER.toLocaleString('en-US')} of the SMS notice delivered to the local gateway by 2 loops at ${RATE}/s`, async () => {
						const p = await ready();
						const db = p.database.db;
						// Only the sample is due now; the rest of both notices waits.
						await db.execute(sql`UPDATE outbox_messages SET next_attempt_at = now() + interval '1 day' WHERE status = 'queued'`);
						await db.execute(sql`
							UPDATE outbox_messages SET next_attempt_at = now() WHERE id IN (
								SELECT id FROM outbox_messages WHERE status = 'queued' AND channel = 'sms' ORDER BY id LIMIT ${DELIVER})`);
						const gateway = await startFakeSmsGateway({ apiKeys: ['bench-key'] });
						const saved = { url: process.env.LANTOA_SMS_GATEWAY_URL, key: process.env.LANTOA_SMS_GATEWAY_KEY, rate: process.env.LANTOA_RATE_SMS };
						process.env.LANTOA_SMS_GATEWAY_URL = gateway.url;
						process.env.LANTOA_SMS_GATEWAY_KEY = 'bench-key';
						process.env.LANTOA_RATE_SMS = String(RATE);
						try {
							const start = performance.now();
							const loop = async (worker: string) => {
								for (;;) {
									const s = await deliverDue(db, { workerId: worker, limit: 50, concurrency: 8 });
									if (s.sent + s.failed + s.dead + s.cancelled === 0) break;
								}
							};
							await Promise.all([loop('bench-1'), loop('bench-2')]);
							const s = (performance.now() - start) / 1000;
							const sent = await count(p.database, sql`status = 'sent' AND channel = 'sms'`);
							const duplicates = gateway.duplicates().length;
							const asked = gateway.requests.filter((r) => r.path === '/sms').length;
							return {
								bytes: sent,
								note: `${sent.toLocaleString('en-US')} sent in ${s.toFixed(1)} s = ${Math.round(sent / s)}/s against ${RATE}/s configured; ${gateway.deliveredCount().toLocaleString('en-US')} delivered, ${duplicates} duplicates, ${asked.toLocaleString('en-US')} requests`
							};
						} finally {
							process.env.LANTOA_SMS_GATEWAY_URL = saved.url ?? '';
							process.env.LANTOA_SMS_GATEWAY_KEY = saved.key ?? '';
							if (saved.rate === undefined) delete process.env.LANTOA_RATE_SMS;
							else process.env.LANTOA_RATE_SMS = saved.rate;
							if (!saved.url) delete process.env.LANTOA_SMS_GATEWAY_URL;
							if (!saved.key) delete process.env.LANTOA_SMS_GATEWAY_KEY;
							await gateway.close();
							await p.database.close();
							await p.bench?.drop();
						}
					})
				);
			}
			return targets;
		}
	}
];
