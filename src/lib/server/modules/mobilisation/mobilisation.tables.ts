import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { units } from '../units/units.tables';
import { users } from '../users/users.tables';
import { households } from '../households/households.tables';
import { activities } from '../activities/activities.tables';

/**
 * A sponsor of the socialised effort (xã hội hóa): an enterprise, an organisation, a person or a
 * better-off household, registered by the unit that mobilised it. Named on the portal only with
 * `consent_public`; contacted only with `consent_contact`.
 */
export const sponsors = pgTable(
	'sponsors',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		/** enterprise, organisation, individual, better_off_household */
		kind: text('kind').notNull(),
		name: text('name').notNull(),
		contactPerson: text('contact_person'),
		phone: text('phone'),
		address: text('address'),
		consentPublic: boolean('consent_public').notNull().default(false),
		consentContact: boolean('consent_contact').notNull().default(false),
		note: text('note'),
		createdBy: uuid('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('sponsors_unit_idx').on(t.unitId),
		check('sponsors_kind_check', sql`${t.kind} IN ('enterprise', 'organisation', 'individual', 'better_off_household')`)
	]
);

/** A promise of cash or goods, valued in integer đồng. */
export const pledges = pgTable(
	'pledges',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		sponsorId: uuid('sponsor_id')
			.notNull()
			.references(() => sponsors.id, { onDelete: 'cascade' }),
		/** cash, in_kind */
		kind: text('kind').notNull(),
		/** Cash promised, or the value of the goods promised, in đồng. */
		amount: bigint('amount', { mode: 'number' }).notNull(),
		/** What is given in kind ("200 bao xi măng"); null for cash. */
		description: text('description'),
		pledgedOn: date('pledged_on').notNull(),
		purpose: text('purpose'),
		createdBy: uuid('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('pledges_sponsor_idx').on(t.sponsorId),
		index('pledges_date_idx').on(t.pledgedOn),
		check('pledges_kind_check', sql`${t.kind} IN ('cash', 'in_kind')`),
		check('pledges_amount_check', sql`${t.amount} > 0`),
		check('pledges_in_kind_check', sql`${t.kind} = 'cash' OR ${t.description} IS NOT NULL`)
	]
);

/** What actually arrived against a pledge. More than promised only when marked as over-delivery. */
export const pledgeReceipts = pgTable(
	'pledge_receipts',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		pledgeId: uuid('pledge_id')
			.notNull()
			.references(() => pledges.id, { onDelete: 'cascade' }),
		amount: bigint('amount', { mode: 'number' }).notNull(),
		receivedOn: date('received_on').notNull(),
		receivedBy: text('received_by').notNull(),
		overDelivery: boolean('over_delivery').notNull().default(false),
		note: text('note'),
		createdBy: uuid('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('pledge_receipts_pledge_idx').on(t.pledgeId),
		index('pledge_receipts_date_idx').on(t.receivedOn),
		check('pledge_receipts_amount_check', sql`${t.amount} > 0`)
	]
);

/** What was handed on from a receipt, to a household or to an activity. */
export const mobilisationGifts = pgTable(
	'mobilisation_gifts',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		receiptId: uuid('receipt_id')
			.notNull()
			.references(() => pledgeReceipts.id, { onDelete: 'cascade' }),
		householdId: uuid('household_id').references(() => households.id),
		activityId: uuid('activity_id').references(() => activities.id, { onDelete: 'set null' }),
		description: text('description').notNull(),
		value: bigint('value', { mode: 'number' }).notNull(),
		givenOn: date('given_on').notNull(),
		createdBy: uuid('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('mobilisation_gifts_receipt_idx').on(t.receiptId),
		index('mobilisation_gifts_household_idx').on(t.householdId).where(sql`${t.householdId} IS NOT NULL`),
		check('mobilisation_gifts_value_check', sql`${t.value} > 0`)
	]
);

/**
 * A helper paired with a poor or near-poor household for a period (kết nghĩa, "1 kèm 1"). The
 * unit is the household's village, so a village head reads the pairings of the village.
 */
export const pairings = pgTable(
	'pairings',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		householdId: uuid('household_id')
			.notNull()
			.references(() => households.id),
		/** sponsor, organisation_member, better_off_household */
		helperKind: text('helper_kind').notNull(),
		sponsorId: uuid('sponsor_id').references(() => sponsors.id),
		/** The helper as named (the sponsor's name is copied when a sponsor helps). */
		helperName: text('helper_name').notNull(),
		helperOrganisation: text('helper_organisation'),
		fromDate: date('from_date').notNull(),
		toDate: date('to_date'),
		goal: text('goal').notNull(),
		/** The household agreed that the pairing may be told as a story on the portal. */
		storyConsent: boolean('story_consent').notNull().default(false),
		createdBy: uuid('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('pairings_unit_idx').on(t.unitId),
		index('pairings_household_idx').on(t.householdId),
		check('pairings_helper_kind_check', sql`${t.helperKind} IN ('sponsor', 'organisation_member', 'better_off_household')`),
		check('pairings_sponsor_check', sql`(${t.helperKind} = 'sponsor') = (${t.sponsorId} IS NOT NULL)`),
		check('pairings_dates_check', sql`${t.toDate} IS NULL OR ${t.toDate} >= ${t.fromDate}`)
	]
);

/** A visit of the helper to the paired household and the support it brought. */
export const pairingVisits = pgTable(
	'pairing_visits',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		pairingId: uuid('pairing_id')
			.notNull()
			.references(() => pairings.id, { onDelete: 'cascade' }),
		visitedOn: date('visited_on').notNull(),
		support: text('support').notNull(),
		/** Value of what was given, in đồng, when something was. */
		value: bigint('value', { mode: 'number' }),
		notes: text('notes'),
		createdBy: uuid('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('pairing_visits_pairing_idx').on(t.pairingId, t.visitedOn),
		check('pairing_visits_value_check', sql`${t.value} IS NULL OR ${t.value} >= 0`)
	]
);
