import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { units } from '../units/units.tables';
import { users } from '../users/users.tables';

/** How a person wants to be reminded: channels, and one daily digest instead of single messages. */
export const notificationPreferences = pgTable('notification_preferences', {
	userId: uuid('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	email: text('email'),
	phone: text('phone'),
	zaloUserId: text('zalo_user_id'),
	/** workspace (always), email, zalo, sms */
	channels: text('channels').array().notNull().default(sql`'{workspace}'::text[]`),
	digest: boolean('digest').notNull().default(true),
	/** Hour of the day (Asia/Ho_Chi_Minh) the digest goes out. */
	digestHour: integer('digest_hour').notNull().default(7),
	/** Kinds of reminder wanted: report_due, feedback_deadline, task_due, approval_waiting */
	kinds: text('kinds').array().notNull().default(sql`'{report_due,feedback_deadline,task_due,approval_waiting}'::text[]`),
	lastDigestAt: timestamp('last_digest_at', { withTimezone: true }),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

/** One reminder for one person about one thing falling due; shown in the workspace, delivered by their channels. */
export const reminders = pgTable(
	'reminders',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		unitId: uuid('unit_id').references(() => units.id),
		/** report_due, feedback_deadline, task_due, approval_waiting */
		kind: text('kind').notNull(),
		/** What it is about, e.g. report:<id>:due_soon; one reminder per person and subject. */
		subjectKey: text('subject_key').notNull(),
		/** Message parameters for the catalog (title, unit, due date, …). */
		params: jsonb('params').notNull().default(sql`'{}'::jsonb`),
		link: text('link').notNull(),
		dueAt: timestamp('due_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		readAt: timestamp('read_at', { withTimezone: true }),
		/** When it went out by e-mail/Zalo/SMS, singly or in a digest. */
		deliveredAt: timestamp('delivered_at', { withTimezone: true }),
		outboxMessageId: uuid('outbox_message_id')
	},
	(t) => [
		unique('reminders_user_subject').on(t.userId, t.kind, t.subjectKey),
		index('reminders_user_idx').on(t.userId, t.createdAt),
		index('reminders_undelivered_idx').on(t.userId).where(sql`${t.deliveredAt} IS NULL`),
		check('reminders_kind_check', sql`${t.kind} IN ('report_due', 'feedback_deadline', 'task_due', 'approval_waiting')`)
	]
);
