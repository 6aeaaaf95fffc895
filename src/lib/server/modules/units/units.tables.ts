import { sql } from 'drizzle-orm';
import { date, index, integer, pgTable, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';

/** Levels of the administrative tree are data: province → (district, before 1 July 2025) → commune → village. */
export const unitLevels = pgTable('unit_levels', {
	code: text('code').primaryKey(),
	nameVi: text('name_vi').notNull(),
	nameEn: text('name_en').notNull(),
	/** Depth in the tree: a child's level has a greater rank than its parent's. */
	rank: integer('rank').notNull()
});

export const units = pgTable(
	'units',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** Official code (e.g. the national administrative code); unique for all time. */
		code: text('code').notNull().unique(),
		name: text('name').notNull(),
		level: text('level')
			.notNull()
			.references(() => unitLevels.code),
		parentId: uuid('parent_id').references((): AnyPgColumn => units.id),
		/**
		 * Materialised path of ids from the root, `/id1/id2/…/own-id/`. "Everything under this
		 * unit" is `path LIKE '<unit path>%'`, one indexed predicate.
		 */
		path: text('path').notNull(),
		/** Depth in the tree (a province is 1), kept by the database from the path: lists order by it. */
		depth: integer('depth')
			.notNull()
			.generatedAlwaysAs(sql`length(path) - length(replace(path, '/', '')) - 1`),
		validFrom: date('valid_from'),
		validTo: date('valid_to'),
		/** The unit this one was merged into on `validTo` (the 2025 mergers keep history this way). */
		successorId: uuid('successor_id').references((): AnyPgColumn => units.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('units_parent_idx').on(t.parentId),
		index('units_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
		index('units_name_idx').on(t.name),
		index('units_depth_code_idx').on(t.depth, t.code)
	]
);
