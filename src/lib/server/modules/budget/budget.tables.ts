import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { units } from '../units/units.tables';
import { users } from '../users/users.tables';
import { channels, fundingSources } from '../catalog/catalog.tables';
import { plans } from '../plans/plans.tables';
import { activities } from '../activities/activities.tables';
import { storedFiles } from '../../files/files.tables';

/**
 * Money a unit may spend in a year from one funding source, as a decision granted it
 * ("831/QĐ-UBND ngày 08/5/2023" of the district or province People's Committee). Several
 * allocations of one (unit, year, source) add up; a plan or a channel narrows what one is for.
 * Amounts are integer đồng.
 */
export const budgetAllocations = pgTable(
	'budget_allocations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** The budget holder: a commune or a province (never a village). */
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		year: integer('year').notNull(),
		sourceCode: text('source_code')
			.notNull()
			.references(() => fundingSources.code),
		amount: bigint('amount', { mode: 'number' }).notNull(),
		decisionNumber: text('decision_number').notNull(),
		decisionDate: date('decision_date').notNull(),
		decisionIssuer: text('decision_issuer').notNull(),
		planId: uuid('plan_id').references(() => plans.id),
		channelCode: text('channel_code').references(() => channels.code),
		note: text('note'),
		createdBy: uuid('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('budget_allocations_unit_year_idx').on(t.unitId, t.year, t.sourceCode),
		check('budget_allocations_amount_check', sql`${t.amount} > 0`),
		check('budget_allocations_year_check', sql`${t.year} BETWEEN 2000 AND 2100`)
	]
);

/**
 * Money spent on one activity from one source: recorded by the commune, reviewed by the finance
 * officer (recorded → approved | correction_requested; a corrected line goes back to recorded).
 * `budget_unit_id` is the allocation holder it draws on (the activity's commune or province).
 * The id may be made by the caller, so a repeated POST stores once (`payload_hash`).
 */
export const spendingLines = pgTable(
	'spending_lines',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		activityId: uuid('activity_id')
			.notNull()
			.references(() => activities.id),
		budgetUnitId: uuid('budget_unit_id')
			.notNull()
			.references(() => units.id),
		sourceCode: text('source_code')
			.notNull()
			.references(() => fundingSources.code),
		/** Year of `spent_on`, kept for the per-year sums. */
		year: integer('year').notNull(),
		amount: bigint('amount', { mode: 'number' }).notNull(),
		spentOn: date('spent_on').notNull(),
		payee: text('payee').notNull(),
		description: text('description'),
		/** recorded, approved, correction_requested */
		status: text('status').notNull().default('recorded'),
		reviewedBy: uuid('reviewed_by').references(() => users.id),
		reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
		reviewNote: text('review_note'),
		/** Recorded beyond the allocation by the finance officer's explicit decision. */
		override: boolean('override').notNull().default(false),
		overrideReason: text('override_reason'),
		payloadHash: text('payload_hash'),
		createdBy: uuid('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('spending_lines_budget_idx').on(t.budgetUnitId, t.year, t.sourceCode),
		index('spending_lines_activity_idx').on(t.activityId),
		index('spending_lines_status_idx').on(t.status).where(sql`${t.status} <> 'approved'`),
		check('spending_lines_amount_check', sql`${t.amount} > 0`),
		check('spending_lines_status_check', sql`${t.status} IN ('recorded', 'approved', 'correction_requested')`),
		check('spending_lines_override_check', sql`NOT ${t.override} OR ${t.overrideReason} IS NOT NULL`)
	]
);

/** Receipts (invoices, payment slips) of a spending line: stored files that are documents. */
export const spendingReceipts = pgTable(
	'spending_receipts',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		lineId: uuid('line_id')
			.notNull()
			.references(() => spendingLines.id, { onDelete: 'cascade' }),
		fileId: uuid('file_id')
			.notNull()
			.references(() => storedFiles.id),
		createdBy: uuid('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('spending_receipts_line_idx').on(t.lineId), unique('spending_receipts_line_file_unique').on(t.lineId, t.fileId)]
);

/** A budget holder's year once closed by the finance officer: nothing dated in it changes after. */
export const budgetYears = pgTable(
	'budget_years',
	{
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		year: integer('year').notNull(),
		closedAt: timestamp('closed_at', { withTimezone: true }).notNull().defaultNow(),
		closedBy: uuid('closed_by').references(() => users.id)
	},
	(t) => [primaryKey({ columns: [t.unitId, t.year] })]
);
