/**
 * A delivery loop in a process of its own, for the crash test: drains the outbox of the database
 * named by DRAIN_DATABASE_URL (PostgreSQL) or DRAIN_DATA_DIR (PGlite) until nothing is left to
 * send, then exits. The test kills it with SIGKILL in the middle of a batch and starts it again.
 */
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../../db/client';
import { deliverDue } from '../outbox.worker';

const database = await openDatabase({ databaseUrl: process.env.DRAIN_DATABASE_URL || null, dataDir: process.env.DRAIN_DATA_DIR || null, poolSize: 6 });
const leaseSeconds = Number(process.env.DRAIN_LEASE_SECONDS ?? 60);
const workerId = process.env.DRAIN_WORKER ?? `drain:${process.pid}`;
for (;;) {
	const s = await deliverDue(database.db, { limit: 20, leaseSeconds, workerId, concurrency: 4 });
	if (s.sent + s.failed + s.dead + s.cancelled > 0) continue;
	const { rows } = (await database.db.execute(
		sql`SELECT count(*)::int AS n FROM outbox_messages WHERE status IN ('queued', 'failed', 'sending')`
	)) as unknown as { rows: { n: number }[] };
	if (Number(rows[0].n) === 0) break;
	// Something is held by a lease of a stopped worker, or waits for its retry: look again shortly.
	await new Promise((r) => setTimeout(r, 200));
}
await database.close();
process.exit(0);
