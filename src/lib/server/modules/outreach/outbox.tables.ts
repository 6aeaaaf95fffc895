import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid, bigserial } from 'drizzle-orm/pg-core';
import { units } from '../units/units.tables';
import { users } from '../users/users.tables';
import { households } from '../households/households.tables';
import { outreachAccounts } from './accounts.tables';
import { subscriptions } from './subscriptions.tables';

/**
 * Every message that leaves Lan Tỏa, one row per recipient, written in the same transaction as
 * the action that caused it and delivered later by the outbox worker. The idempotency key makes a
 * repeated cause, or a retried delivery, one message.
 */
export const outboxMessages = pgTable(
	'outbox_messages',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** The unit whose officers may read and retry this message (scope). */
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		/** email, sms, zns, zalo_oa, facebook */
		channel: text('channel').notNull(),
		/** The unit's account the message goes out through (Facebook Page, Zalo OA, SMS sender); null: the server's default. */
		accountId: uuid('account_id').references(() => outreachAccounts.id),
		/** publication, notice, subscription, confirmation, reminder, digest, answer */
		kind: text('kind').notNull(),
		/** E-mail address, phone number (84…), Zalo user id, or the Page id for a Facebook post. */
		recipient: text('recipient').notNull(),
		householdId: uuid('household_id').references(() => households.id),
		userId: uuid('user_id').references(() => users.id),
		subscriptionId: uuid('subscription_id').references(() => subscriptions.id),
		subject: text('subject'),
		body: text('body').notNull(),
		/** Channel details: link, template id and data, scheduled publish time, … */
		payload: jsonb('payload').notNull().default(sql`'{}'::jsonb`),
		idempotencyKey: text('idempotency_key').notNull().unique(),
		/** What caused it: content_publication, event, feedback_item, reminder, subscription, notice … */
		causeType: text('cause_type'),
		causeId: uuid('cause_id'),
		/** queued → sending → sent → delivered; failed (will retry), dead (gave up), cancelled (e.g. consent withdrawn) */
		status: text('status').notNull().default('queued'),
		attempts: integer('attempts').notNull().default(0),
		maxAttempts: integer('max_attempts').notNull().default(8),
		/** Not before this time (a scheduled notice, or the backoff after a failure). */
		nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
		/** While a worker holds the message (status sending); after it, another worker may take it over. */
		leaseUntil: timestamp('lease_until', { withTimezone: true }),
		providerMessageId: text('provider_message_id'),
		lastError: text('last_error'),
		createdBy: uuid('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		sentAt: timestamp('sent_at', { withTimezone: true }),
		deliveredAt: timestamp('delivered_at', { withTimezone: true }),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('outbox_due_idx').on(t.nextAttemptAt).where(sql`${t.status} IN ('queued', 'failed', 'sending')`),
		index('outbox_unit_idx').on(t.unitId, t.createdAt),
		index('outbox_cause_idx').on(t.causeType, t.causeId),
		index('outbox_dead_idx').on(t.unitId).where(sql`${t.status} = 'dead'`),
		check('outbox_channel_check', sql`${t.channel} IN ('email', 'sms', 'zns', 'zalo_oa', 'facebook')`),
		check(
			'outbox_status_check',
			sql`${t.status} IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'dead', 'cancelled')`
		),
		check('outbox_size_check', sql`length(${t.body}) <= 20000 AND length(${t.recipient}) <= 320`)
	]
);

/** The delivery log: each attempt at a message, and delivery receipts, with the outcome and why. */
export const outboxAttempts = pgTable(
	'outbox_attempts',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		messageId: uuid('message_id')
			.notNull()
			.references(() => outboxMessages.id, { onDelete: 'cascade' }),
		attempt: integer('attempt').notNull(),
		/** sending, sent, delivered, failed, rate_limited, refused, cancelled */
		outcome: text('outcome').notNull(),
		httpStatus: integer('http_status'),
		detail: text('detail'),
		providerMessageId: text('provider_message_id'),
		worker: text('worker'),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('outbox_attempts_message_idx').on(t.messageId, t.at)]
);

/**
 * Per-channel (and per-account) pacing shared by every worker process: the earliest time the next
 * message of the bucket may go out.
 */
export const outboxRateBuckets = pgTable('outbox_rate_buckets', {
	key: text('key').primaryKey(),
	nextAt: timestamp('next_at', { withTimezone: true }).notNull().defaultNow(),
	/** Messages per second allowed through this bucket. */
	ratePerSecond: integer('rate_per_second').notNull().default(10)
});
