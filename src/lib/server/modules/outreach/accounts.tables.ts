import { sql } from 'drizzle-orm';
import { boolean, check, index, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { units } from '../units/units.tables';
import { users } from '../users/users.tables';
import { feedbackItems } from '../feedback/feedback.tables';

/**
 * A unit's accounts on the platforms it publishes to: its Facebook Page, its Zalo Official
 * Account (also used for ZNS), its SMS sender at the gateway, its e-mail sender. Secrets are
 * stored encrypted and never shown back.
 */
export const outreachAccounts = pgTable(
	'outreach_accounts',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		/** facebook, zalo_oa, zns, sms, email */
		platform: text('platform').notNull(),
		/** The name people see: the Page's or OA's name, the SMS brand name, the sender's name. */
		name: text('name').notNull(),
		/** Page id, OA id, SMS sender id, or the From address. */
		externalId: text('external_id'),
		/** Access token or API key (encrypted). */
		accessTokenEnc: text('access_token_enc'),
		/** The secret incoming webhooks are signed with (encrypted). */
		webhookSecretEnc: text('webhook_secret_enc'),
		/** Per-platform settings: rate per second, ZNS template ids by notice kind, … */
		settings: jsonb('settings').notNull().default(sql`'{}'::jsonb`),
		active: boolean('active').notNull().default(true),
		updatedBy: uuid('updated_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('outreach_accounts_unit_platform').on(t.unitId, t.platform),
		check('outreach_accounts_platform_check', sql`${t.platform} IN ('facebook', 'zalo_oa', 'zns', 'sms', 'email')`)
	]
);

/**
 * Incoming webhooks as received: the key makes a replayed delivery a no-op; the outcome says what
 * became of it (a feedback item, an unsubscription, ignored or refused).
 */
export const webhookReceipts = pgTable(
	'webhook_receipts',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** zalo_oa, sms, facebook */
		platform: text('platform').notNull(),
		/** The platform's event id, or the sha256 of the signed body. */
		eventKey: text('event_key').notNull(),
		accountId: uuid('account_id').references(() => outreachAccounts.id),
		sender: text('sender'),
		/** feedback, unsubscribe, delivery_receipt, ignored */
		outcome: text('outcome').notNull(),
		feedbackItemId: uuid('feedback_item_id').references(() => feedbackItems.id),
		receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [unique('webhook_receipts_event').on(t.platform, t.eventKey), index('webhook_receipts_at_idx').on(t.receivedAt)]
);
