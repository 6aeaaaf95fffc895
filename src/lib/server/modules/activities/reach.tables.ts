import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { households } from '../households/households.tables';
import { units } from '../units/units.tables';

/**
 * Household reach kept by the database (activities.reach.ts reads it): for each household, year
 * and channel, the months (bit 0 = January … bit 11 = December) in which at least one VERIFIED
 * activity of that channel dated in the month recorded the household; channel `*` holds the
 * months of any channel. A row exists only while its mask is not zero.
 *
 * Triggers on activity_households and activities (migration `household_reach_triggers`)
 * recompute the rows of the (household, year) pairs a change touches from the source tables, so
 * the table always equals a recomputation from scratch. A set-based bulk writer may switch them
 * off for its transaction (`SELECT set_config('lantoa.reach_deferred', 'on', true)`) and must
 * then call `rebuild_household_reach(household_ids)` (or `rebuild_household_reach(NULL)` for
 * everything) before it commits.
 */
export const householdReach = pgTable(
	'household_reach',
	{
		householdId: uuid('household_id')
			.notNull()
			.references(() => households.id, { onDelete: 'cascade' }),
		year: integer('year').notNull(),
		channelCode: text('channel_code').notNull(),
		months: integer('months').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.householdId, t.year, t.channelCode] }),
		index('household_reach_year_idx').on(t.year, t.channelCode),
		check('household_reach_months_check', sql`${t.months} > 0 AND ${t.months} < 4096`)
	]
);

/**
 * What reach reports beside households, kept by the database like household_reach: for each unit,
 * year and month, the VERIFIED activities of that unit dated in the month (group `*`: how many)
 * and the participants they counted by audience group (activity_counts, summed). Triggers on
 * activities and activity_counts recompute the (unit, month) rows a change touches; the same
 * transaction-local `lantoa.reach_deferred` switches them off for a bulk writer, which then calls
 * `rebuild_activity_month_totals(unit_ids)`.
 */
export const activityMonthTotals = pgTable(
	'activity_month_totals',
	{
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id, { onDelete: 'cascade' }),
		year: integer('year').notNull(),
		month: integer('month').notNull(),
		groupCode: text('group_code').notNull(),
		total: integer('total').notNull()
	},
	(t) => [primaryKey({ columns: [t.unitId, t.year, t.month, t.groupCode] }), check('activity_month_totals_month_check', sql`${t.month} BETWEEN 1 AND 12`)]
);
