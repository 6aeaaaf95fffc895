import { sql } from 'drizzle-orm';
import { bigint, check, date, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { units } from '../units/units.tables';

/**
 * Monthly figures of the activities that count for indicators (done or verified), per unit,
 * month, channel and measure, so a province's quarter is a few thousand rows to add up instead of
 * a hundred thousand activities to scan. Measures: `activities`, `activities_no_content` (without
 * a content item), `participants`, `handed_out` (leaflets at activities that are not a
 * distribution's), `cost` and `cost:<funding source>` (integer đồng).
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
		measure: text('measure').notNull(),
		value: bigint('value', { mode: 'number' }).notNull()
	},
	(t) => [
		primaryKey({ columns: [t.unitId, t.year, t.month, t.channelCode, t.measure] }),
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
