import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { units } from '../units/units.tables';
import { users } from '../users/users.tables';

/**
 * Kinds of feedback (questions about a policy, complaints about how it is carried out…), each with
 * its resolution deadline in working days. Data, so administrators change deadlines without a release.
 */
export const feedbackCategories = pgTable(
	'feedback_categories',
	{
		code: text('code').primaryKey(),
		nameVi: text('name_vi').notNull(),
		nameEn: text('name_en').notNull(),
		/** Working days (weekends and public holidays skipped) from receipt to the answer. */
		deadlineDays: integer('deadline_days').notNull().default(10),
		sort: integer('sort').notNull().default(0),
		active: boolean('active').notNull().default(true)
	},
	(t) => [check('feedback_categories_deadline_check', sql`${t.deadlineDays} BETWEEN 1 AND 90`)]
);

/** Days off besides weekends (Asia/Ho_Chi_Minh calendar dates); deadlines in working days skip them. */
export const publicHolidays = pgTable('public_holidays', {
	date: date('date').primaryKey(),
	nameVi: text('name_vi').notNull(),
	nameEn: text('name_en').notNull()
});

/**
 * One question, complaint or suggestion. Everything a citizen sent is stored as plain text and
 * escaped wherever it is shown. Sender details (name, phone) never leave through the public API.
 */
export const feedbackItems = pgTable(
	'feedback_items',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** Unguessable code the sender tracks the item with (crypto random, unambiguous letters). */
		trackingCode: text('tracking_code').notNull().unique(),
		/** The unit the item concerns (scope: officers see the items of their subtree). */
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		/** The unit responsible for answering: the concerned unit, or the level above after escalation. */
		handlingUnitId: uuid('handling_unit_id')
			.notNull()
			.references(() => units.id),
		assigneeId: uuid('assignee_id').references(() => users.id),
		categoryCode: text('category_code')
			.notNull()
			.references(() => feedbackCategories.code),
		/** portal, api, phone, in_person, dialogue, letter */
		channel: text('channel').notNull(),
		title: text('title').notNull(),
		body: text('body').notNull(),
		senderName: text('sender_name'),
		senderPhone: text('sender_phone'),
		anonymous: boolean('anonymous').notNull().default(false),
		/** The sender agrees to be answered by SMS/Zalo at the phone given. */
		contactConsent: boolean('contact_consent').notNull().default(false),
		/** The sender agrees that the question and answer (without personal details) be published. */
		publishConsent: boolean('publish_consent').notNull().default(false),
		/** received → assigned → answered → closed; reopened items go back to received or assigned. */
		status: text('status').notNull().default('received'),
		/** Calendar date (Asia/Ho_Chi_Minh) the answer is due by. */
		dueDate: date('due_date').notNull(),
		/** After this date an open item is escalated (again) to the level above. */
		escalateAfter: date('escalate_after').notNull(),
		escalationLevel: integer('escalation_level').notNull().default(0),
		escalatedAt: timestamp('escalated_at', { withTimezone: true }),
		publicAnswer: text('public_answer'),
		/** The question as published in the Q&A, edited by the officer to remove personal details. */
		publicQuestion: text('public_question'),
		published: boolean('published').notNull().default(false),
		mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => feedbackItems.id),
		reopenCount: integer('reopen_count').notNull().default(0),
		receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
		/** First answer: "answered on time" and the average time to answer count from it. */
		firstAnsweredAt: timestamp('first_answered_at', { withTimezone: true }),
		answeredAt: timestamp('answered_at', { withTimezone: true }),
		closedAt: timestamp('closed_at', { withTimezone: true }),
		createdBy: uuid('created_by').references(() => users.id),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('feedback_items_unit_idx').on(t.unitId, t.receivedAt),
		index('feedback_items_handling_idx').on(t.handlingUnitId),
		index('feedback_items_open_idx').on(t.escalateAfter).where(sql`${t.status} IN ('received', 'assigned')`),
		index('feedback_items_published_idx').on(t.unitId).where(sql`${t.published}`),
		check('feedback_items_status_check', sql`${t.status} IN ('received', 'assigned', 'answered', 'closed')`),
		check('feedback_items_channel_check', sql`${t.channel} IN ('portal', 'api', 'phone', 'in_person', 'dialogue', 'letter', 'zalo', 'sms')`),
		check('feedback_items_size_check', sql`length(${t.title}) <= 200 AND length(${t.body}) <= 5000`)
	]
);

/**
 * What happened to an item, in order: received, assigned, answered, escalated, merged, closed,
 * reopened, and internal notes (kind `note`, never shown to the sender).
 */
export const feedbackEvents = pgTable(
	'feedback_events',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		itemId: uuid('item_id')
			.notNull()
			.references(() => feedbackItems.id),
		kind: text('kind').notNull(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
		actorId: uuid('actor_id').references(() => users.id),
		actorName: text('actor_name'),
		text: text('text'),
		unitId: uuid('unit_id').references(() => units.id)
	},
	(t) => [index('feedback_events_item_idx').on(t.itemId, t.at)]
);
