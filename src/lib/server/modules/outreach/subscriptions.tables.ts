import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { units } from '../units/units.tables';
import { users } from '../users/users.tables';
import { contentItems } from '../content/content.tables';
import { activities } from '../activities/activities.tables';
import { events } from '../events/events.tables';

/**
 * A citizen's subscription from the portal to a unit's news, loudspeaker schedule or dialogues,
 * by phone (SMS or ZNS) or e-mail. It goes out only once confirmed; one link or one reply ends it.
 */
export const subscriptions = pgTable(
	'subscriptions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		/** news, schedule, dialogues */
		topic: text('topic').notNull(),
		/** sms, zns, email */
		channel: text('channel').notNull(),
		/** Normalised phone number (84…) or lower-case e-mail address. */
		address: text('address').notNull(),
		/** Unguessable; the confirm and unsubscribe links carry it. */
		token: text('token').notNull().unique(),
		/** pending → active → unsubscribed */
		status: text('status').notNull().default('pending'),
		locale: text('locale').notNull().default('vi'),
		confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
		unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('subscriptions_unit_topic_address').on(t.unitId, t.topic, t.channel, t.address),
		index('subscriptions_active_idx').on(t.unitId, t.topic).where(sql`${t.status} = 'active'`),
		index('subscriptions_address_idx').on(t.address),
		check('subscriptions_topic_check', sql`${t.topic} IN ('news', 'schedule', 'dialogues')`),
		check('subscriptions_channel_check', sql`${t.channel} IN ('sms', 'zns', 'email')`),
		check('subscriptions_status_check', sql`${t.status} IN ('pending', 'active', 'unsubscribed')`)
	]
);

/**
 * An approved content item published to one platform (Facebook Page, Zalo OA, the portal), with
 * the activity that records it and the engagement figures pulled back from the platform.
 */
export const contentPublications = pgTable(
	'content_publications',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		contentItemId: uuid('content_item_id')
			.notNull()
			.references(() => contentItems.id),
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		/** facebook, zalo_oa, portal */
		platform: text('platform').notNull(),
		/** Null: now. */
		scheduledAt: timestamp('scheduled_at', { withTimezone: true }),
		/** queued, published, failed, cancelled */
		status: text('status').notNull().default('queued'),
		outboxMessageId: uuid('outbox_message_id'),
		activityId: uuid('activity_id').references(() => activities.id),
		externalId: text('external_id'),
		externalUrl: text('external_url'),
		/** Figures the platform gives back: reactions, comments, shares, impressions, reach, … */
		engagement: jsonb('engagement').notNull().default(sql`'{}'::jsonb`),
		engagementAt: timestamp('engagement_at', { withTimezone: true }),
		createdBy: uuid('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		publishedAt: timestamp('published_at', { withTimezone: true })
	},
	(t) => [
		unique('content_publications_item_platform').on(t.contentItemId, t.platform),
		index('content_publications_unit_idx').on(t.unitId, t.createdAt),
		check('content_publications_platform_check', sql`${t.platform} IN ('facebook', 'zalo_oa', 'portal')`),
		check('content_publications_status_check', sql`${t.status} IN ('queued', 'published', 'failed', 'cancelled')`)
	]
);

/**
 * A short notice sent to the consenting households of some villages (by SMS or ZNS), perhaps
 * about an event; its messages are the outbox rows with cause `notice` and this id.
 */
export const notices = pgTable(
	'notices',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** The unit whose officers sent it and may read it (scope): the villages' commune, usually. */
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		/** sms, zns */
		channel: text('channel').notNull(),
		body: text('body').notNull(),
		/** The villages (unit ids) whose households it went to. */
		villageIds: uuid('village_ids').array().notNull(),
		/** Household categories of the year: poor, near_poor, escaped; empty: every household. */
		categories: text('categories').array().notNull().default(sql`'{}'::text[]`),
		year: integer('year').notNull(),
		eventId: uuid('event_id').references(() => events.id),
		queued: integer('queued').notNull().default(0),
		skippedNoConsent: integer('skipped_no_consent').notNull().default(0),
		skippedNoPhone: integer('skipped_no_phone').notNull().default(0),
		notBefore: timestamp('not_before', { withTimezone: true }),
		createdBy: uuid('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('notices_unit_idx').on(t.unitId, t.createdAt),
		check('notices_channel_check', sql`${t.channel} IN ('sms', 'zns')`),
		check('notices_body_check', sql`length(${t.body}) <= 1000`)
	]
);
