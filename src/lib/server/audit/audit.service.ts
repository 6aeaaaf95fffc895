import { asc, desc, eq, gt, sql, and, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Actor } from '../access/actor';
import { scopeCondition, scopePaths } from '../access/actor';
import { auditEntries } from './audit.tables';
import { units } from '../modules/units/units.tables';
import { entryHash, GENESIS_HASH } from './hash';

/** Advisory lock key that serialises appends to the chain. */
const AUDIT_LOCK = 7346111;

export interface AuditInput {
	action: string;
	entityType: string;
	entityId?: string | null;
	unitId?: string | null;
	before?: unknown;
	after?: unknown;
	/** Screen, purpose and the like; the actor's IP is added. */
	context?: Record<string, unknown>;
}

/** Values as they will read back from jsonb: dates as ISO strings, no undefined. */
function plain(value: unknown): unknown {
	return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

/**
 * Appends entries to the chain inside the caller's transaction: one lock, one read of the chain's
 * end, then entries linked in order. Many entries (imports) go in as one JSON parameter per
 * 2,000 rows: binding 14 parameters a row is the slow part of a big import.
 */
async function appendEntries(tx: Db, actor: Actor, kind: 'change' | 'access', inputs: AuditInput[]): Promise<void> {
	if (!inputs.length) return;
	// Serialise appends until this transaction ends, so each entry links to the one before.
	await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`);
	const [last] = await tx
		.select({ seq: auditEntries.seq, hash: auditEntries.hash })
		.from(auditEntries)
		.orderBy(desc(auditEntries.seq))
		.limit(1);
	let seq = last?.seq ?? 0;
	let prevHash = last?.hash ?? GENESIS_HASH;
	const at = new Date();
	const context = { ...(actor.ip ? { ip: actor.ip } : {}), via: actor.via };
	const rows = inputs.map((input) => {
		const fields = {
			seq: ++seq,
			at,
			kind,
			actorId: actor.userId,
			actorName: actor.username,
			action: input.action,
			entityType: input.entityType,
			entityId: input.entityId ?? null,
			unitId: input.unitId ?? null,
			before: plain(input.before),
			after: plain(input.after),
			context: plain({ ...(input.context ?? {}), ...context }),
			prevHash
		};
		prevHash = entryHash(fields);
		return { ...fields, hash: prevHash };
	});
	if (rows.length === 1) {
		await tx.insert(auditEntries).values(rows[0]);
		return;
	}
	for (let i = 0; i < rows.length; i += 2000) {
		const json = JSON.stringify(rows.slice(i, i + 2000));
		await tx.execute(sql`
			INSERT INTO audit_entries (seq, at, kind, actor_id, actor_name, action, entity_type, entity_id, unit_id, before, after, context, prev_hash, hash)
			SELECT "seq", "at", "kind", "actorId", "actorName", "action", "entityType", "entityId", "unitId", "before", "after", "context", "prevHash", "hash"
			FROM jsonb_to_recordset(${json}::jsonb) AS x("seq" bigint, "at" timestamptz, "kind" text, "actorId" uuid, "actorName" text,
				"action" text, "entityType" text, "entityId" text, "unitId" uuid, "before" jsonb, "after" jsonb, "context" jsonb,
				"prevHash" text, "hash" text)`);
	}
}

/** Records a change in the same transaction as the change itself. */
export function recordChange(tx: Db, actor: Actor, input: AuditInput): Promise<void> {
	return appendEntries(tx, actor, 'change', [input]);
}

/** Records many changes of one transaction at once (imports). */
export function recordChanges(tx: Db, actor: Actor, inputs: AuditInput[]): Promise<void> {
	return appendEntries(tx, actor, 'change', inputs);
}

/** Records a read of personal data (who saw which record, on which screen, why). */
export function recordAccess(tx: Db, actor: Actor, input: AuditInput): Promise<void> {
	return appendEntries(tx, actor, 'access', [input]);
}

/** Records reads of many records at once (a list of households on one screen). */
export function recordAccesses(tx: Db, actor: Actor, inputs: AuditInput[]): Promise<void> {
	return appendEntries(tx, actor, 'access', inputs);
}

export interface AuditFilter {
	entityType?: string;
	entityId?: string;
	kind?: 'change' | 'access';
	limit: number;
	offset: number;
}

/** Entries the actor may read: those of units in reach, and (for administrators) global ones. */
export async function findAuditEntries(db: Db, actor: Actor, f: AuditFilter) {
	const conditions: SQL[] = [];
	// Entries without a unit (accounts, tokens) are for those who read everywhere.
	if (scopePaths(actor, 'audit.read') !== null) conditions.push(scopeCondition(actor, 'audit.read', units.path));
	if (f.entityType) conditions.push(eq(auditEntries.entityType, f.entityType));
	if (f.entityId) conditions.push(eq(auditEntries.entityId, f.entityId));
	if (f.kind) conditions.push(eq(auditEntries.kind, f.kind));
	const rows = await db
		.select({ entry: auditEntries, unitCode: units.code, unitName: units.name })
		.from(auditEntries)
		.leftJoin(units, eq(units.id, auditEntries.unitId))
		.where(conditions.length ? and(...conditions) : undefined)
		.orderBy(desc(auditEntries.seq))
		.limit(f.limit + 1)
		.offset(f.offset);
	return { items: rows.slice(0, f.limit), hasMore: rows.length > f.limit };
}

export interface VerifyResult {
	ok: boolean;
	count: number;
	brokenAt?: number;
	reason?: string;
}

/**
 * Walks the chain in order and recomputes every hash. A changed entry fails its own hash; a
 * removed one leaves a gap in `seq` and a `prevHash` that no longer matches.
 */
export async function verifyAuditChain(db: Db, batch = 2000): Promise<VerifyResult> {
	let prevHash = GENESIS_HASH;
	let expectedSeq = 1;
	let count = 0;
	for (;;) {
		const rows = await db
			.select()
			.from(auditEntries)
			.where(gt(auditEntries.seq, expectedSeq - 1))
			.orderBy(asc(auditEntries.seq))
			.limit(batch);
		for (const r of rows) {
			if (r.seq !== expectedSeq)
				return { ok: false, count, brokenAt: expectedSeq, reason: `entry ${expectedSeq} is missing` };
			if (r.prevHash !== prevHash)
				return { ok: false, count, brokenAt: r.seq, reason: 'does not link to the entry before it' };
			if (entryHash(r) !== r.hash)
				return { ok: false, count, brokenAt: r.seq, reason: 'its content was changed' };
			prevHash = r.hash;
			expectedSeq++;
			count++;
		}
		if (rows.length < batch) return { ok: true, count };
	}
}

export function presentAuditEntry(row: { entry: typeof auditEntries.$inferSelect; unitCode: string | null }) {
	const e = row.entry;
	return {
		seq: e.seq,
		at: e.at.toISOString(),
		kind: e.kind as 'change' | 'access',
		actor: e.actorName,
		action: e.action,
		entityType: e.entityType,
		entityId: e.entityId,
		unitCode: row.unitCode,
		before: e.before,
		after: e.after,
		context: e.context
	};
}
