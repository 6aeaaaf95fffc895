import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { units } from '../units/units.tables';
import { users } from '../users/users.tables';

/** The narrative sections of a report, in the order of the official layout. */
export const narrativeSections = ['results', 'shortcomings', 'causes', 'proposals'] as const;
export type NarrativeSection = (typeof narrativeSections)[number];
export type ReportNarrative = Partial<Record<NarrativeSection, string>>;

/** A figure as the report carries it; frozen into `reports.figures` when the report is approved. */
export interface ReportFigure {
	code: string;
	value: number | null;
	/** computed, manual, not_available */
	status: string;
}

/**
 * A report form: which indicators and sections a report of a level of units carries, for which
 * period type, due how many days after the period ends. Data, so the province adds a form
 * without a release.
 */
export const reportForms = pgTable(
	'report_forms',
	{
		code: text('code').primaryKey(),
		nameVi: text('name_vi').notNull(),
		nameEn: text('name_en').notNull(),
		/** month, quarter, half, year (DHIS2-style period keys, server/periods.ts) */
		periodType: text('period_type').notNull(),
		/** Days after the period's last day by which the report is due. */
		dueDays: integer('due_days').notNull().default(5),
		/** The unit level that reports: village, commune, province. */
		level: text('level').notNull(),
		/** Indicator codes (table `indicators`, computed and manual) in the order they are shown. */
		indicatorCodes: text('indicator_codes').array().notNull().default(sql`'{}'::text[]`),
		active: boolean('active').notNull().default(true),
		sort: integer('sort').notNull().default(0)
	},
	(t) => [
		check('report_forms_period_type_check', sql`${t.periodType} IN ('month', 'quarter', 'half', 'year')`),
		check('report_forms_due_days_check', sql`${t.dueDays} BETWEEN 0 AND 120`)
	]
);

/**
 * One report of one unit for one period on one form. Figures are computed live while the report
 * is a draft; approval freezes them into `figures` and locks the unit subtree for the period
 * (`period_locks`).
 */
export const reports = pgTable(
	'reports',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		formCode: text('form_code')
			.notNull()
			.references(() => reportForms.code),
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		/** `2026-03`, `2026Q1`, `2026H1`, `2026` */
		periodKey: text('period_key').notNull(),
		/** draft, submitted, approved, accepted, returned */
		status: text('status').notNull().default('draft'),
		/** Figures frozen at approval (null while computed live). */
		figures: jsonb('figures').$type<ReportFigure[]>(),
		/** Entered figures by indicator code. */
		manualFigures: jsonb('manual_figures').$type<Record<string, number>>().notNull().default(sql`'{}'::jsonb`),
		narrative: jsonb('narrative').$type<ReportNarrative>().notNull().default(sql`'{}'::jsonb`),
		/** When submitted before every child unit's report is in: which are missing and why. */
		missingNote: text('missing_note'),
		dueOn: date('due_on').notNull(),
		submittedAt: timestamp('submitted_at', { withTimezone: true }),
		submittedBy: uuid('submitted_by').references(() => users.id),
		approvedAt: timestamp('approved_at', { withTimezone: true }),
		approvedBy: uuid('approved_by').references(() => users.id),
		acceptedAt: timestamp('accepted_at', { withTimezone: true }),
		acceptedBy: uuid('accepted_by').references(() => users.id),
		returnedAt: timestamp('returned_at', { withTimezone: true }),
		returnedBy: uuid('returned_by').references(() => users.id),
		returnComment: text('return_comment'),
		version: integer('version').notNull().default(1),
		createdBy: uuid('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('reports_form_unit_period_key').on(t.formCode, t.unitId, t.periodKey),
		index('reports_unit_period_idx').on(t.unitId, t.periodKey),
		index('reports_due_idx').on(t.dueOn).where(sql`${t.status} IN ('draft', 'returned')`),
		check('reports_status_check', sql`${t.status} IN ('draft', 'submitted', 'approved', 'accepted', 'returned')`)
	]
);

/** What happened to a report, in order: submitted, approved, accepted, returned (with comment), unlocked… */
export const reportEvents = pgTable(
	'report_events',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		reportId: uuid('report_id')
			.notNull()
			.references(() => reports.id, { onDelete: 'cascade' }),
		action: text('action').notNull(),
		actorId: uuid('actor_id').references(() => users.id),
		comment: text('comment'),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('report_events_report_idx').on(t.reportId, t.at)]
);

/**
 * A lock on a unit subtree for a date range (a report's period), made when the report is
 * approved. Writes to records of a unit under `unit_id` dated within [starts_on, ends_on] are
 * refused while `unlocked_at` is null. The level above unlocks with a reason (audit trail).
 */
export const periodLocks = pgTable(
	'period_locks',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		periodKey: text('period_key').notNull(),
		startsOn: date('starts_on').notNull(),
		endsOn: date('ends_on').notNull(),
		reportId: uuid('report_id').references(() => reports.id),
		lockedBy: uuid('locked_by').references(() => users.id),
		lockedAt: timestamp('locked_at', { withTimezone: true }).notNull().defaultNow(),
		unlockedBy: uuid('unlocked_by').references(() => users.id),
		unlockedAt: timestamp('unlocked_at', { withTimezone: true }),
		unlockReason: text('unlock_reason')
	},
	(t) => [index('period_locks_active_idx').on(t.startsOn, t.endsOn).where(sql`${t.unlockedAt} IS NULL`)]
);

/** Reminders already sent for a report being due soon or late, so the daily job sends each once. */
export const reportReminders = pgTable(
	'report_reminders',
	{
		reportKey: text('report_key').notNull(),
		/** due_soon, overdue */
		kind: text('kind').notNull(),
		sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [unique('report_reminders_key').on(t.reportKey, t.kind)]
);
