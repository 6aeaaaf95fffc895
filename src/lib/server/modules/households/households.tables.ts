import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { units } from '../units/units.tables';
import { users } from '../users/users.tables';

/** Poverty standards are data: Decree 07/2021 (2022–2026), Decree 351/2025 (from 2027). */
export const povertyStandards = pgTable('poverty_standards', {
	code: text('code').primaryKey(),
	nameVi: text('name_vi').notNull(),
	nameEn: text('name_en').notNull(),
	fromYear: integer('from_year').notNull(),
	toYear: integer('to_year'),
	/** Monthly income per person at or under which a household is poor, in đồng. */
	incomeRural: integer('income_rural').notNull(),
	incomeUrban: integer('income_urban').notNull()
});

/** The deprivation indicators of a standard (12 in six dimensions for Decree 07/2021). */
export const deprivationIndicators = pgTable(
	'deprivation_indicators',
	{
		standardCode: text('standard_code')
			.notNull()
			.references(() => povertyStandards.code),
		code: text('code').notNull(),
		dimension: text('dimension').notNull(),
		nameVi: text('name_vi').notNull(),
		nameEn: text('name_en').notNull(),
		/** The two indicators about access to information, which communication work answers. */
		information: boolean('information').notNull().default(false),
		sort: integer('sort').notNull().default(0)
	},
	(t) => [primaryKey({ columns: [t.standardCode, t.code] })]
);

/** A target household of the register: personal data, private by default. */
export const households = pgTable(
	'households',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** The village the household lives in; scope follows it. */
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		headName: text('head_name').notNull(),
		/** Lower case without diacritics ("đ" → "d"): for search and duplicate detection. */
		headNameNorm: text('head_name_norm').notNull(),
		birthYear: integer('birth_year'),
		/** male, female, or null */
		sex: text('sex'),
		/** Citizen ID (CCCD), optional; shown masked to roles that do not need it. */
		idNumber: text('id_number'),
		address: text('address'),
		members: integer('members'),
		ethnicity: text('ethnicity'),
		language: text('language'),
		/** Normalised phone number; used for SMS/Zalo only with consent. */
		phone: text('phone'),
		notes: text('notes'),
		/** Set when this record was merged into another as a duplicate; it then drops out of lists. */
		mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => households.id),
		createdBy: uuid('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('households_unit_idx').on(t.unitId),
		index('households_id_number_idx').on(t.idNumber).where(sql`${t.idNumber} IS NOT NULL`),
		index('households_dedup_idx').on(t.unitId, t.headNameNorm, t.birthYear),
		index('households_name_trgm_idx').using('gin', sql`${t.headNameNorm} gin_trgm_ops`)
	]
);

/** A household's category in a year, judged by a standard, with the indicators it lacks. */
export const householdClassifications = pgTable(
	'household_classifications',
	{
		householdId: uuid('household_id')
			.notNull()
			.references(() => households.id, { onDelete: 'cascade' }),
		year: integer('year').notNull(),
		/** poor, near_poor, escaped, none */
		category: text('category').notNull(),
		standardCode: text('standard_code')
			.notNull()
			.references(() => povertyStandards.code),
		/** Codes of the standard's deprivation indicators the household lacks. */
		lacking: text('lacking').array().notNull().default(sql`'{}'::text[]`),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.householdId, t.year] }), index('household_class_year_idx').on(t.year, t.category)]
);

/**
 * Consent to be contacted, as recorded: the newest row is in force. Withdrawing is a row with
 * `granted = false`, which stops all contact at once.
 */
export const householdConsents = pgTable(
	'household_consents',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		householdId: uuid('household_id')
			.notNull()
			.references(() => households.id, { onDelete: 'cascade' }),
		granted: boolean('granted').notNull(),
		/** Channels agreed to: sms, zalo, phone_call, email … */
		channels: text('channels').array().notNull().default(sql`'{}'::text[]`),
		recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
		recordedBy: uuid('recorded_by').references(() => users.id),
		note: text('note')
	},
	(t) => [index('household_consents_household_idx').on(t.householdId, t.recordedAt)]
);

/** A possible duplicate found on entry or import, until an officer merges or dismisses it. */
export const householdDuplicateFlags = pgTable(
	'household_duplicate_flags',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		householdId: uuid('household_id')
			.notNull()
			.references(() => households.id, { onDelete: 'cascade' }),
		otherHouseholdId: uuid('other_household_id')
			.notNull()
			.references(() => households.id, { onDelete: 'cascade' }),
		/** id_number, or name_birth_village */
		reason: text('reason').notNull(),
		/** open, merged, dismissed */
		status: text('status').notNull().default('open'),
		resolvedBy: uuid('resolved_by').references(() => users.id),
		resolvedAt: timestamp('resolved_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('household_dup_household_idx').on(t.householdId),
		// A household's flags are found from either side (its page, the "duplicates open" filter, merges).
		index('household_dup_other_idx').on(t.otherHouseholdId),
		index('household_dup_status_idx').on(t.status)
	]
);

/** The history of list imports: who brought which file into which commune, and what came of it. */
export const householdImports = pgTable('household_imports', {
	id: uuid('id').primaryKey().defaultRandom(),
	unitId: uuid('unit_id')
		.notNull()
		.references(() => units.id),
	fileName: text('file_name').notNull(),
	sha256: text('sha256').notNull(),
	year: integer('year').notNull(),
	/** running, done, failed */
	status: text('status').notNull().default('running'),
	/** { rows, imported, updated, unchanged, duplicates, errors } */
	summary: jsonb('summary'),
	createdBy: uuid('created_by').references(() => users.id),
	startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
	finishedAt: timestamp('finished_at', { withTimezone: true })
});
