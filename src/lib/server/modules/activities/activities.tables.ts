import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { units } from '../units/units.tables';
import { users } from '../users/users.tables';
import { audienceGroups, channels, fundingSources } from '../catalog/catalog.tables';
import { plans } from '../plans/plans.tables';
import { households } from '../households/households.tables';
import { storedFiles } from '../../files/files.tables';
import { contentItems } from '../content/content.tables';

/** Materials used by an activity: leaflets printed and handed out, posters, banners… */
export interface ActivityMaterial {
	label: string;
	printed: number | null;
	handedOut: number | null;
	/** The leaflet or publication in Lan Tỏa, when it is one. */
	contentId: string | null;
}

/**
 * One communication activity: planned, done, verified by the commune officer. The id may be made
 * on a phone (offline entry); `PUT /api/v1/activities/{id}` stores it once, and `payload_hash`
 * (sha256 of the canonical submitted content) tells a repeat from a conflicting write.
 */
export const activities = pgTable(
	'activities',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** The unit the activity belongs to (scope): a village, a commune, a province. */
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		/** Further units it covered (e.g. several villages of one commune), each within the scope unit. */
		coveredUnitIds: uuid('covered_unit_ids').array().notNull().default(sql`'{}'::uuid[]`),
		channelCode: text('channel_code')
			.notNull()
			.references(() => channels.code),
		planId: uuid('plan_id').references(() => plans.id),
		/** The plan's themes it serves, as the plan's themes section words them. */
		themes: text('themes').array().notNull().default(sql`'{}'::text[]`),
		title: text('title').notNull(),
		description: text('description'),
		place: text('place'),
		/** Calendar date in Asia/Ho_Chi_Minh; periods are counted by it. */
		date: date('date').notNull(),
		/** Local start and end time, "HH:MM", when known. */
		startTime: text('start_time'),
		endTime: text('end_time'),
		/** The office or organisation that organised it ("Hội Phụ nữ xã", "Công chức VH-XH"). */
		organiser: text('organiser'),
		responsible: text('responsible'),
		responsibleUserId: uuid('responsible_user_id').references(() => users.id),
		/** Audience group codes targeted. */
		audiences: text('audiences').array().notNull().default(sql`'{}'::text[]`),
		materials: jsonb('materials').$type<ActivityMaterial[]>().notNull().default(sql`'[]'::jsonb`),
		/** Total cost in đồng (integer); the split by funding source is in activity_costs. */
		cost: bigint('cost', { mode: 'number' }),
		/** The content item it carried: a bulletin broadcast, an article published, a leaflet handed out. */
		contentId: uuid('content_id').references(() => contentItems.id),
		/** planned → done → verified */
		status: text('status').notNull().default('planned'),
		verifiedBy: uuid('verified_by').references(() => users.id),
		verifiedAt: timestamp('verified_at', { withTimezone: true }),
		/** web, offline, loudspeaker, api, import, demo */
		source: text('source').notNull().default('web'),
		payloadHash: text('payload_hash'),
		version: integer('version').notNull().default(1),
		createdBy: uuid('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('activities_unit_date_idx').on(t.unitId, t.date),
		index('activities_date_idx').on(t.date),
		index('activities_plan_idx').on(t.planId).where(sql`${t.planId} IS NOT NULL`),
		index('activities_content_idx').on(t.contentId).where(sql`${t.contentId} IS NOT NULL`),
		check('activities_status_check', sql`${t.status} IN ('planned', 'done', 'verified')`),
		check('activities_cost_check', sql`${t.cost} IS NULL OR ${t.cost} >= 0`),
		check('activities_time_check', sql`(${t.startTime} IS NULL OR ${t.startTime} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$') AND (${t.endTime} IS NULL OR ${t.endTime} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$')`)
	]
);

/** Participants by audience group (poor, near_poor, escaped, other …), for when names are not known. */
export const activityCounts = pgTable(
	'activity_counts',
	{
		activityId: uuid('activity_id')
			.notNull()
			.references(() => activities.id, { onDelete: 'cascade' }),
		groupCode: text('group_code')
			.notNull()
			.references(() => audienceGroups.code),
		count: integer('count').notNull()
	},
	(t) => [primaryKey({ columns: [t.activityId, t.groupCode] }), check('activity_counts_check', sql`${t.count} >= 0`)]
);

/** The exact households an activity reached: picked from the register or ticked on its attendance list. */
export const activityHouseholds = pgTable(
	'activity_households',
	{
		activityId: uuid('activity_id')
			.notNull()
			.references(() => activities.id, { onDelete: 'cascade' }),
		householdId: uuid('household_id')
			.notNull()
			.references(() => households.id),
		/** picked, attendance, offline */
		how: text('how').notNull().default('picked')
	},
	(t) => [primaryKey({ columns: [t.activityId, t.householdId] }), index('activity_households_household_idx').on(t.householdId)]
);

/** Evidence: photos, scanned attendance sheets, documents (stored files) and links. */
export const activityEvidence = pgTable(
	'activity_evidence',
	{
		/** May be made on the phone with the activity's id, so a repeated upload is stored once. */
		id: uuid('id').primaryKey().defaultRandom(),
		activityId: uuid('activity_id')
			.notNull()
			.references(() => activities.id, { onDelete: 'cascade' }),
		/** photo, attendance_sheet, document, link */
		kind: text('kind').notNull(),
		fileId: uuid('file_id').references(() => storedFiles.id),
		url: text('url'),
		caption: text('caption'),
		createdBy: uuid('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('activity_evidence_activity_idx').on(t.activityId),
		check('activity_evidence_kind_check', sql`${t.kind} IN ('photo', 'attendance_sheet', 'document', 'link')`),
		check('activity_evidence_target_check', sql`(${t.fileId} IS NOT NULL) <> (${t.url} IS NOT NULL)`)
	]
);

/** An activity's cost split by funding source, in đồng (the spending issue builds on these lines). */
export const activityCosts = pgTable(
	'activity_costs',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		activityId: uuid('activity_id')
			.notNull()
			.references(() => activities.id, { onDelete: 'cascade' }),
		sourceCode: text('source_code')
			.notNull()
			.references(() => fundingSources.code),
		amount: bigint('amount', { mode: 'number' }).notNull(),
		note: text('note')
	},
	(t) => [index('activity_costs_activity_idx').on(t.activityId), check('activity_costs_amount_check', sql`${t.amount} >= 0`)]
);
