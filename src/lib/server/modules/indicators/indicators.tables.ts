import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { units } from '../units/units.tables';

/**
 * Monthly figures of the activities that count for indicators (done or verified), per unit,
 * month and channel, so a province's quarter is some tens of thousands of rows to add up instead
 * of a hundred thousand activities (and their counts and households) to look into: activities,
 * those without a content item, participants (counts by group, else households recorded),
 * leaflets handed out at activities that are not a distribution's, and cost (integer đồng).
 *
 * Kept by the database: statement triggers on activities, activity_counts, activity_households,
 * activity_costs and content_distributions note the (unit, month) pairs a change touches in
 * indicator_month_pending; readers fold those pairs in (indicator_month_flush()) before they read,
 * so a figure is never older than the last committed change.
 */
export const indicatorMonthFigures = pgTable(
	'indicator_month_figures',
	{
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id, { onDelete: 'cascade' }),
		year: integer('year').notNull(),
		month: integer('month').notNull(),
		channelCode: text('channel_code').notNull(),
		activities: integer('activities').notNull(),
		activitiesNoContent: integer('activities_no_content').notNull(),
		participants: bigint('participants', { mode: 'number' }).notNull(),
		handedOut: bigint('handed_out', { mode: 'number' }).notNull(),
		cost: bigint('cost', { mode: 'number' }).notNull()
	},
	(t) => [
		primaryKey({ columns: [t.unitId, t.year, t.month, t.channelCode] }),
		/** A period's rows of every unit (a province's quarter) without reading the other periods. */
		index('indicator_month_figures_period_idx').on(t.year, t.month, t.unitId),
		check('indicator_month_figures_month_check', sql`${t.month} BETWEEN 1 AND 12`)
	]
);

/** (unit, first day of month) pairs changed since their figures were last computed. */
export const indicatorMonthPending = pgTable(
	'indicator_month_pending',
	{
		unitId: uuid('unit_id').notNull(),
		first: date('first').notNull()
	},
	(t) => [primaryKey({ columns: [t.unitId, t.first] })]
);

/**
 * Households reached, counted per unit, year, standard period (as its month mask: a year, a half,
 * a quarter or a month), category of that year and channel (`*` for any), from household_reach:
 * a province's figure for any period is then a sum over its units' rows instead of a pass over
 * its 200,000 households. Kept like indicator_month_figures: triggers on household_reach,
 * households and household_classifications note the unit in reach_unit_pending; readers call
 * reach_counts_flush() first.
 */
export const reachPeriodCounts = pgTable(
	'reach_period_counts',
	{
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id, { onDelete: 'cascade' }),
		year: integer('year').notNull(),
		mask: integer('mask').notNull(),
		category: text('category').notNull(),
		channelCode: text('channel_code').notNull(),
		reached: integer('reached').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.unitId, t.year, t.mask, t.channelCode, t.category] }),
		/** One period's rows of every unit without reading the other periods. */
		index('reach_period_counts_period_idx').on(t.year, t.mask, t.unitId)
	]
);

/** Households of a unit by category of a year; year 0, category `*`: all its households (the rest of a year are `none`). */
export const reachRegisterCounts = pgTable(
	'reach_register_counts',
	{
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id, { onDelete: 'cascade' }),
		year: integer('year').notNull(),
		category: text('category').notNull(),
		households: integer('households').notNull()
	},
	(t) => [primaryKey({ columns: [t.unitId, t.year, t.category] })]
);

/** Units whose reach counts are to be recomputed. */
export const reachUnitPending = pgTable('reach_unit_pending', {
	unitId: uuid('unit_id').primaryKey()
});
