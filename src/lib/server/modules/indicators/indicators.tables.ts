import { sql } from 'drizzle-orm';
import { bigint, check, date, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
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
