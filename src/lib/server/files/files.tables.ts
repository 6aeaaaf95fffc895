import { sql } from 'drizzle-orm';
import { check, customType, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { units } from '../modules/units/units.tables';
import { users } from '../modules/users/users.tables';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea'
});

/**
 * The bytes of every stored file, once per content (sha256). Kept in the database so that a file
 * and the record citing it are written in one transaction: an interrupted upload leaves nothing.
 */
export const fileBlobs = pgTable('file_blobs', {
	sha256: text('sha256').primaryKey(),
	bytes: bytea('bytes').notNull(),
	size: integer('size').notNull()
});

/**
 * A stored file as some record cites it: evidence photos, scanned attendance sheets, leaflet PDFs,
 * bulletin audio. `mime` is what the content was recognised as (magic bytes), never the name's.
 * The id may be made on a phone (offline evidence), so a repeat upload is recognised.
 */
export const storedFiles = pgTable(
	'stored_files',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		sha256: text('sha256')
			.notNull()
			.references(() => fileBlobs.sha256),
		mime: text('mime').notNull(),
		size: integer('size').notNull(),
		/** The name the file came with, for downloads only. */
		originalName: text('original_name').notNull(),
		/** The unit whose scope the file belongs to (the record's unit). */
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		createdBy: uuid('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('stored_files_sha_idx').on(t.sha256), check('stored_files_size_check', sql`${t.size} >= 0`)]
);
