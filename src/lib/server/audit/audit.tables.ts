import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only, hash-chained log of every change and of every read of personal data.
 * A trigger (migration `audit_append_only`) refuses UPDATE, DELETE and TRUNCATE.
 */
export const auditEntries = pgTable(
	'audit_entries',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		/** Gapless position in the chain, assigned under an advisory lock. */
		seq: bigint('seq', { mode: 'number' }).notNull().unique(),
		at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
		/** `change` for writes, `access` for reads of personal data. */
		kind: text('kind').notNull(),
		actorId: uuid('actor_id'),
		actorName: text('actor_name').notNull(),
		action: text('action').notNull(),
		entityType: text('entity_type').notNull(),
		entityId: text('entity_id'),
		unitId: uuid('unit_id'),
		before: jsonb('before'),
		after: jsonb('after'),
		/** Where and why: screen, purpose, ip. */
		context: jsonb('context'),
		prevHash: text('prev_hash').notNull(),
		hash: text('hash').notNull()
	},
	(t) => [
		index('audit_entity_idx').on(t.entityType, t.entityId),
		index('audit_unit_idx').on(t.unitId),
		index('audit_actor_idx').on(t.actorId)
	]
);
