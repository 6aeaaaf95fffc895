import { boolean, integer, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * Shared vocabularies: data, not code. Seeded by migration, editable by administrators later.
 * Plans, activities, reports and outreach all speak in these codes.
 */
export const channels = pgTable('channels', {
	code: text('code').primaryKey(),
	nameVi: text('name_vi').notNull(),
	nameEn: text('name_en').notNull(),
	sort: integer('sort').notNull().default(0),
	active: boolean('active').notNull().default(true)
});

export const audienceGroups = pgTable('audience_groups', {
	code: text('code').primaryKey(),
	nameVi: text('name_vi').notNull(),
	nameEn: text('name_en').notNull(),
	/** Poor, near-poor, escaped: the household categories reach is counted by. */
	householdCategory: boolean('household_category').notNull().default(false),
	sort: integer('sort').notNull().default(0)
});

export const fundingSources = pgTable('funding_sources', {
	code: text('code').primaryKey(),
	nameVi: text('name_vi').notNull(),
	nameEn: text('name_en').notNull(),
	sort: integer('sort').notNull().default(0)
});

/** Indicators that plan targets name and that reports compute (or take as entered figures). */
export const indicators = pgTable('indicators', {
	code: text('code').primaryKey(),
	nameVi: text('name_vi').notNull(),
	nameEn: text('name_en').notNull(),
	/** Unit of measure as printed: "bản tin", "lượt", "%", "đồng". */
	unitVi: text('unit_vi').notNull(),
	unitEn: text('unit_en').notNull(),
	/** `computed` from records, or `manual` (entered in a report). */
	kind: text('kind').notNull().default('computed'),
	/** How values of periods add up: `sum` (counts), `last` (shares, stocks). */
	aggregation: text('aggregation').notNull().default('sum'),
	sort: integer('sort').notNull().default(0),
	active: boolean('active').notNull().default(true)
});
