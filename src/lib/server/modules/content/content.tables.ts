import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { units } from '../units/units.tables';
import { users } from '../users/users.tables';
import { plans } from '../plans/plans.tables';
import { storedFiles } from '../../files/files.tables';

/**
 * Articles, loudspeaker bulletins, social posts and leaflets: written, reviewed, approved and only
 * then published, because official communication must be accurate before it goes out.
 */
export const contentItems = pgTable(
	'content_items',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		/** article, bulletin, social_post, leaflet */
		kind: text('kind').notNull(),
		title: text('title').notNull(),
		/** A short lead for lists and the portal. */
		summary: text('summary'),
		/** Plain text with blank lines between paragraphs (bulletins are read aloud as written). */
		body: text('body').notNull().default(''),
		/** Bulletins: normal, priority, emergency (emergency skips the queue). */
		priority: text('priority').notNull().default('normal'),
		/** draft → in_review → approved → published (a returned item goes back to draft with a comment). */
		status: text('status').notNull().default('draft'),
		planId: uuid('plan_id').references(() => plans.id),
		themes: text('themes').array().notNull().default(sql`'{}'::text[]`),
		audiences: text('audiences').array().notNull().default(sql`'{}'::text[]`),
		/** Leaflets and publications: the printable PDF (uploaded or generated). */
		fileId: uuid('file_id').references(() => storedFiles.id),
		/** Bulletins: the speech made from the text, and the engine that made it. */
		audioFileId: uuid('audio_file_id').references(() => storedFiles.id),
		audioEngine: text('audio_engine'),
		/** sha256 of the text the audio was made from: a changed text needs new audio. */
		audioTextHash: text('audio_text_hash'),
		reviewComment: text('review_comment'),
		authorId: uuid('author_id').references(() => users.id),
		submittedAt: timestamp('submitted_at', { withTimezone: true }),
		approvedBy: uuid('approved_by').references(() => users.id),
		approvedAt: timestamp('approved_at', { withTimezone: true }),
		publishedBy: uuid('published_by').references(() => users.id),
		publishedAt: timestamp('published_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('content_items_unit_idx').on(t.unitId, t.kind, t.status),
		index('content_items_published_idx').on(t.publishedAt).where(sql`${t.status} = 'published'`),
		check('content_items_kind_check', sql`${t.kind} IN ('article', 'bulletin', 'social_post', 'leaflet')`),
		check('content_items_status_check', sql`${t.status} IN ('draft', 'in_review', 'approved', 'published')`),
		check('content_items_priority_check', sql`${t.priority} IN ('normal', 'priority', 'emergency')`)
	]
);

/** A print run of a leaflet or publication. */
export const contentPrintRuns = pgTable(
	'content_print_runs',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		contentId: uuid('content_id')
			.notNull()
			.references(() => contentItems.id, { onDelete: 'cascade' }),
		printedOn: date('printed_on').notNull(),
		quantity: integer('quantity').notNull(),
		printer: text('printer'),
		/** đồng */
		cost: bigint('cost', { mode: 'number' }),
		createdBy: uuid('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('content_print_runs_content_idx').on(t.contentId),
		check('content_print_runs_quantity_check', sql`${t.quantity} > 0`),
		check('content_print_runs_cost_check', sql`${t.cost} IS NULL OR ${t.cost} >= 0`)
	]
);

/** Copies handed out in a village; recorded as a leaflet activity of that village too. */
export const contentDistributions = pgTable(
	'content_distributions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		contentId: uuid('content_id')
			.notNull()
			.references(() => contentItems.id, { onDelete: 'cascade' }),
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		quantity: integer('quantity').notNull(),
		distributedOn: date('distributed_on').notNull(),
		activityId: uuid('activity_id'),
		createdBy: uuid('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('content_distributions_content_idx').on(t.contentId),
		uniqueIndex('content_distributions_activity_idx').on(t.activityId).where(sql`${t.activityId} IS NOT NULL`),
		check('content_distributions_quantity_check', sql`${t.quantity} > 0`)
	]
);
