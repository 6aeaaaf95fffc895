import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { units } from '../units/units.tables';
import { users } from '../users/users.tables';

/**
 * A page of a unit's public portal written by its officers in plain words, for instance the
 * programme and its policies (`slug` = 'programme'). One page per unit and slug.
 */
export const portalPages = pgTable(
	'portal_pages',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		slug: text('slug').notNull(),
		title: text('title').notNull(),
		/** Plain text: paragraphs separated by blank lines, lines starting with "- " are list items. */
		body: text('body').notNull(),
		version: integer('version').notNull().default(1),
		updatedBy: uuid('updated_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('portal_pages_unit_slug_idx').on(t.unitId, t.slug),
		index('portal_pages_updated_idx').on(t.updatedAt)
	]
);
