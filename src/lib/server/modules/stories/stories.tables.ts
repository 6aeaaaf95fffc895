import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { units } from '../units/units.tables';
import { users } from '../users/users.tables';
import { households } from '../households/households.tables';
import { storedFiles } from '../../files/files.tables';
import { pairings } from '../mobilisation/mobilisation.tables';

/**
 * An exemplary story: a person, household, group or model and what they did. Published on the
 * portal only after approval and only while every person shown has a recorded, unwithdrawn
 * consent. A household's before/after classification is read from the register by year.
 */
export const stories = pgTable(
	'stories',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		/** person, household, group, model */
		subjectKind: text('subject_kind').notNull(),
		/** How the story names its subject ("Gia đình anh Lò Văn Tươi", "Tổ hợp tác nuôi ong bản Có"). */
		subjectName: text('subject_name').notNull(),
		householdId: uuid('household_id').references(() => households.id),
		/** The pairing (kết nghĩa) the story tells, when it was written from one. */
		pairingId: uuid('pairing_id').references(() => pairings.id, { onDelete: 'set null' }),
		title: text('title').notNull(),
		/** One or two sentences for lists and the portal's description tag. */
		summary: text('summary').notNull(),
		whatTheyDid: text('what_they_did').notNull(),
		results: text('results').notNull(),
		/** Years whose classifications are shown as before and after (household stories). */
		beforeYear: integer('before_year'),
		afterYear: integer('after_year'),
		/** draft, in_review, approved, published, withdrawn */
		status: text('status').notNull().default('draft'),
		approvedBy: uuid('approved_by').references(() => users.id),
		approvedAt: timestamp('approved_at', { withTimezone: true }),
		publishedAt: timestamp('published_at', { withTimezone: true }),
		/** Proposed for the emulation movement's commendation, with the reason. */
		nominated: boolean('nominated').notNull().default(false),
		nominationNote: text('nomination_note'),
		nominatedAt: timestamp('nominated_at', { withTimezone: true }),
		version: integer('version').notNull().default(1),
		createdBy: uuid('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('stories_unit_idx').on(t.unitId),
		uniqueIndex('stories_pairing_idx').on(t.pairingId).where(sql`${t.pairingId} IS NOT NULL`),
		index('stories_published_idx').on(t.publishedAt).where(sql`${t.status} = 'published'`),
		check('stories_status_check', sql`${t.status} IN ('draft', 'in_review', 'approved', 'published', 'withdrawn')`),
		check('stories_kind_check', sql`${t.subjectKind} IN ('person', 'household', 'group', 'model')`)
	]
);

/** The consent of one person shown in a story: who, when, how, recorded by whom; withdrawable. */
export const storyConsents = pgTable(
	'story_consents',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		storyId: uuid('story_id')
			.notNull()
			.references(() => stories.id, { onDelete: 'cascade' }),
		personName: text('person_name').notNull(),
		givenOn: date('given_on').notNull(),
		/** signed_form, verbal_witnessed, thumbprint */
		method: text('method').notNull(),
		/** The scanned signed form, when there is one. */
		fileId: uuid('file_id').references(() => storedFiles.id),
		recordedBy: uuid('recorded_by').references(() => users.id),
		withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('story_consents_story_idx').on(t.storyId)]
);

/** Photos of a story, in order, each with the text that describes it to someone who cannot see it. */
export const storyPhotos = pgTable(
	'story_photos',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		storyId: uuid('story_id')
			.notNull()
			.references(() => stories.id, { onDelete: 'cascade' }),
		fileId: uuid('file_id')
			.notNull()
			.references(() => storedFiles.id),
		alt: text('alt').notNull(),
		caption: text('caption'),
		sort: integer('sort').notNull().default(0)
	},
	(t) => [index('story_photos_story_idx').on(t.storyId)]
);
