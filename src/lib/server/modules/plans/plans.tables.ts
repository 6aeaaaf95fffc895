import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { units } from '../units/units.tables';
import { users } from '../users/users.tables';
import { indicators } from '../catalog/catalog.tables';
import type { PlanDocument } from './plans.interchange';

/**
 * A communication plan, one row per version. Versions of one plan share `series_id`; an issued
 * version is immutable and a later issued version supersedes it.
 */
export const plans = pgTable(
	'plans',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		seriesId: uuid('series_id').notNull(),
		version: integer('version').notNull().default(1),
		supersedesId: uuid('supersedes_id').references((): AnyPgColumn => plans.id),
		/** draft → submitted → approved → issued (→ superseded by a later issued version). */
		status: text('status').notNull().default('draft'),
		title: text('title').notNull(),
		periodFrom: integer('period_from'),
		periodTo: integer('period_to'),
		/** Register number, assigned when issued, never reused: `Số: 12/KH-UBND`. */
		number: integer('number'),
		symbol: text('symbol').notNull().default('KH-UBND'),
		registerYear: integer('register_year'),
		issuedOn: date('issued_on'),
		/** The whole plan in the interchange format (sections, bases, recipients, signer …). */
		document: jsonb('document').$type<PlanDocument>().notNull(),
		/** Plans in Lan Tỏa named among the bases: the cascade, navigable both ways. */
		basisPlanIds: uuid('basis_plan_ids').array().notNull().default(sql`'{}'::uuid[]`),
		/** The plan this one was cascaded or copied from. */
		sourcePlanId: uuid('source_plan_id').references((): AnyPgColumn => plans.id),
		returnComment: text('return_comment'),
		createdBy: uuid('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		submittedAt: timestamp('submitted_at', { withTimezone: true }),
		submittedBy: uuid('submitted_by').references(() => users.id),
		approvedAt: timestamp('approved_at', { withTimezone: true }),
		approvedBy: uuid('approved_by').references(() => users.id),
		issuedAt: timestamp('issued_at', { withTimezone: true }),
		issuedBy: uuid('issued_by').references(() => users.id)
	},
	(t) => [
		index('plans_unit_idx').on(t.unitId, t.status),
		uniqueIndex('plans_series_version').on(t.seriesId, t.version),
		uniqueIndex('plans_register_number').on(t.unitId, t.registerYear, t.symbol, t.number).where(sql`${t.number} IS NOT NULL`),
		index('plans_basis_idx').using('gin', t.basisPlanIds),
		// A series has at most one version being worked on and at most one in force.
		uniqueIndex('plans_series_open').on(t.seriesId).where(sql`${t.status} IN ('draft', 'submitted', 'approved')`),
		uniqueIndex('plans_series_issued').on(t.seriesId).where(sql`${t.status} = 'issued'`),
		check('plans_status_check', sql`${t.status} IN ('draft', 'submitted', 'approved', 'issued', 'superseded')`)
	]
);

/** Measurable targets: an indicator's value for a period ("2026", "2026Q1", or "month" for every month). */
export const planTargets = pgTable(
	'plan_targets',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		planId: uuid('plan_id')
			.notNull()
			.references(() => plans.id, { onDelete: 'cascade' }),
		indicatorCode: text('indicator_code')
			.notNull()
			.references(() => indicators.code),
		period: text('period').notNull(),
		value: numeric('value', { mode: 'number' }).notNull(),
		note: text('note')
	},
	(t) => [uniqueIndex('plan_targets_unique').on(t.planId, t.indicatorCode, t.period)]
);

/** Who does what: an assignment of the plan, tracked once the plan is issued. */
export const planTasks = pgTable(
	'plan_tasks',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		planId: uuid('plan_id')
			.notNull()
			.references(() => plans.id, { onDelete: 'cascade' }),
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		/** The role, office or organisation as the plan names it. */
		assignee: text('assignee').notNull(),
		/** The role whose holders on the plan's unit see the task, when the assignee maps to one. */
		assigneeRole: text('assignee_role'),
		text: text('text').notNull(),
		due: date('due'),
		/** open → in_progress → done */
		status: text('status').notNull().default('open'),
		doneAt: timestamp('done_at', { withTimezone: true }),
		doneBy: uuid('done_by').references(() => users.id),
		sort: integer('sort').notNull().default(0)
	},
	(t) => [
		index('plan_tasks_plan_idx').on(t.planId),
		index('plan_tasks_unit_role_idx').on(t.unitId, t.assigneeRole, t.status),
		check('plan_tasks_status_check', sql`${t.status} IN ('open', 'in_progress', 'done')`)
	]
);

/**
 * The document register of a unit: the last number given per year and symbol. Issuing takes the
 * next number under a row lock, so numbers have no gap and no duplicate.
 */
export const documentRegisters = pgTable(
	'document_registers',
	{
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		year: integer('year').notNull(),
		symbol: text('symbol').notNull(),
		lastNumber: integer('last_number').notNull().default(0)
	},
	(t) => [primaryKey({ columns: [t.unitId, t.year, t.symbol] })]
);
