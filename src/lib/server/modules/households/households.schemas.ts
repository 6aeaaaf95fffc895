import { z } from 'zod';
import { normaliseIdNumber, normalisePhone } from './households.normalise';

/** Household categories of a year: poor, near-poor, newly out of poverty, none of these. */
export const householdCategories = ['poor', 'near_poor', 'escaped', 'none'] as const;
export type HouseholdCategory = (typeof householdCategories)[number];

export const householdSexes = ['male', 'female'] as const;

/** Channels a household may agree to be contacted by (personal contact, not broadcasts). */
export const consentChannels = ['sms', 'zalo', 'phone_call', 'email'] as const;
export type ConsentChannel = (typeof consentChannels)[number];

/** Consent states a list can be filtered by: the newest record granted, withdrawn, or none recorded. */
export const consentStates = ['granted', 'withdrawn', 'none'] as const;
export type ConsentState = (typeof consentStates)[number];

export const duplicateReasons = ['id_number', 'name_birth_village'] as const;
export type DuplicateReason = (typeof duplicateReasons)[number];

export const duplicateStatuses = ['open', 'merged', 'dismissed'] as const;

/** The current year in Việt Nam (a birth year after it is a typing mistake). */
const yearInVietnam = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' });
export const currentYear = () => Number(yearInVietnam.format(new Date()));

const unitCode = z
	.string()
	.trim()
	.min(1)
	.max(40)
	.regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, hyphen, underscore');
const text = (max: number) => z.string().trim().max(max);
/** Optional text: blank means "not given" (null). */
const optionalText = (max: number) =>
	text(max)
		.nullish()
		.transform((v) => (v ? v : null));

export const HeadName = z.string().trim().min(1).max(200);

export const BirthYear = z
	.number()
	.int()
	.min(1900, 'household.birthYearRange')
	.refine((y) => y <= currentYear(), 'household.birthYearFuture');

export const Members = z.number().int().min(1, 'household.membersRange').max(50, 'household.membersRange');

/** A phone as typed or imported, stored normalised ("0912345678"); not a mobile number → refused. */
export const PhoneInput = z
	.union([z.string().max(40), z.number()])
	.nullish()
	.transform((v, ctx) => {
		if (v === null || v === undefined || String(v).trim() === '') return null;
		const phone = normalisePhone(v);
		if (!phone) ctx.addIssue({ code: 'custom', message: 'household.phoneInvalid' });
		return phone;
	});

/** A citizen ID as typed or imported, stored as its digits; 12 (CCCD) or 9 (CMND) digits. */
export const IdNumberInput = z
	.union([z.string().max(40), z.number()])
	.nullish()
	.transform((v, ctx) => {
		if (v === null || v === undefined || String(v).trim() === '') return null;
		const id = normaliseIdNumber(v);
		if (!id) ctx.addIssue({ code: 'custom', message: 'household.idNumberInvalid' });
		return id;
	});

/** Deprivation indicator codes; which ones exist depends on the standard of the year (checked by the service). */
export const IndicatorCode = z
	.string()
	.trim()
	.min(1)
	.max(60)
	.regex(/^[a-z0-9_]+$/, 'household.indicatorFormat');

export const Year = z.number().int().min(2000).max(2100);

export const ClassificationInput = z
	.object({
		category: z.enum(householdCategories),
		/** Codes of the standard's indicators the household lacks. */
		lacking: z.array(IndicatorCode).max(40).default([])
	})
	.strict();
export type ClassificationInput = z.infer<typeof ClassificationInput>;

export const ConsentInput = z
	.object({
		/** true records consent to the channels given; false withdraws all consent at once. */
		granted: z.boolean(),
		channels: z.array(z.enum(consentChannels)).max(consentChannels.length).default([]),
		note: optionalText(500)
	})
	.strict()
	.refine((c) => !c.granted || c.channels.length > 0, { message: 'household.consentChannels', path: ['channels'] });
export type ConsentInput = z.infer<typeof ConsentInput>;

const householdFields = {
	headName: HeadName,
	birthYear: BirthYear.nullish(),
	sex: z.enum(householdSexes).nullish(),
	idNumber: IdNumberInput,
	address: optionalText(300),
	members: Members.nullish(),
	ethnicity: optionalText(60),
	language: optionalText(60),
	phone: PhoneInput,
	notes: optionalText(2000)
};

export const HouseholdCreateInput = z
	.object({
		/** Code of the village the household lives in. */
		villageCode: unitCode,
		...householdFields,
		/** The household's category in a year, recorded with it (optional): what a form or an imported list gives. */
		classification: ClassificationInput.extend({ year: Year }).strict().optional(),
		/** Categories of several years at once (a history brought in with the household), one per year. */
		classifications: z.array(ClassificationInput.extend({ year: Year }).strict()).max(20).optional(),
		/** Consent given when the household was registered (optional). */
		consent: ConsentInput.optional()
	})
	.strict()
	.superRefine((h, ctx) => {
		const years = [...(h.classification ? [h.classification.year] : []), ...(h.classifications ?? []).map((c) => c.year)];
		const twice = years.find((y, i) => years.indexOf(y) !== i);
		if (twice !== undefined) ctx.addIssue({ code: 'custom', path: ['classifications'], message: 'household.yearTwice' });
	});
export type HouseholdCreateInput = z.infer<typeof HouseholdCreateInput>;
/** What a caller passes before parsing (the import builds this from a spreadsheet row). */
export type HouseholdCreateFields = z.input<typeof HouseholdCreateInput>;

/** Changes to a household; fields left out stay as they are, null clears an optional field. */
export const HouseholdUpdateInput = z
	.object({
		villageCode: unitCode.optional(),
		headName: HeadName.optional(),
		birthYear: BirthYear.nullish(),
		sex: z.enum(householdSexes).nullish(),
		idNumber: IdNumberInput.optional(),
		address: optionalText(300).optional(),
		members: Members.nullish(),
		ethnicity: optionalText(60).optional(),
		language: optionalText(60).optional(),
		phone: PhoneInput.optional(),
		notes: optionalText(2000).optional()
	})
	.strict();
export type HouseholdUpdateInput = z.infer<typeof HouseholdUpdateInput>;


const queryFlag = z
	.enum(['true', 'false', '1', '0'])
	.transform((v) => v === 'true' || v === '1')
	.optional();

/** Filters of the household list, the export and the API. */
export const HouseholdListQuery = z
	.object({
		/** Name of the head of household, with or without diacritics; small typos are tolerated. */
		q: z.string().trim().max(100).optional(),
		/** Village code; without it, everything in the actor's reach. */
		village: unitCode.optional(),
		/** The year whose classification is shown and filtered by (default: this year). */
		year: z.coerce.number().int().min(2000).max(2100).optional(),
		category: z.enum(householdCategories).optional(),
		/** Only households lacking this deprivation indicator in the year. */
		lacking: IndicatorCode.optional(),
		consent: z.enum(consentStates).optional(),
		/** Only households with an open duplicate flag. */
		duplicates: queryFlag,
		/**
		 * Period key (`2026`, `2026H2`, `2026Q4`, `2026-11`): only households that no verified activity
		 * dated in the period records. The year of the categories then defaults to the period's.
		 */
		notReached: z.string().trim().max(20).optional(),
		limit: z.coerce.number().int().min(1).max(500).default(50),
		offset: z.coerce.number().int().min(0).max(1_000_000).default(0)
	})
	.strict();
export type HouseholdListQuery = z.infer<typeof HouseholdListQuery>;
export type HouseholdFilter = Omit<HouseholdListQuery, 'limit' | 'offset'>;

export const HouseholdCountsQuery = z
	.object({
		/** Only this unit and what lies under it. */
		unit: unitCode.optional(),
		/** Years to count (default: every year with classifications). */
		year: z.coerce.number().int().min(2000).max(2100).optional()
	})
	.strict();
export type HouseholdCountsQuery = z.infer<typeof HouseholdCountsQuery>;

export const Classification = z.object({
	year: z.number().int(),
	category: z.enum(householdCategories),
	standardCode: z.string(),
	lacking: z.array(z.string())
});

export const Consent = z.object({
	id: z.uuid(),
	granted: z.boolean(),
	channels: z.array(z.string()),
	recordedAt: z.string(),
	recordedBy: z.string().nullable(),
	note: z.string().nullable()
});

export const DuplicateFlag = z.object({
	id: z.uuid(),
	householdId: z.uuid(),
	otherHouseholdId: z.uuid(),
	reason: z.enum(duplicateReasons),
	status: z.enum(duplicateStatuses),
	createdAt: z.string(),
	resolvedAt: z.string().nullable()
});

/** A household as the API and pages show it; phone and ID number masked for roles without `households.sensitive`. */
export const Household = z.object({
	id: z.uuid(),
	villageCode: z.string(),
	villageName: z.string(),
	headName: z.string(),
	birthYear: z.number().int().nullable(),
	sex: z.enum(householdSexes).nullable(),
	idNumber: z.string().nullable(),
	address: z.string().nullable(),
	members: z.number().int().nullable(),
	ethnicity: z.string().nullable(),
	language: z.string().nullable(),
	phone: z.string().nullable(),
	notes: z.string().nullable(),
	/** True when phone and ID number are shown masked. */
	masked: z.boolean(),
	mergedIntoId: z.uuid().nullable(),
	createdAt: z.string(),
	updatedAt: z.string(),
	classifications: z.array(Classification),
	/** The consent in force: the newest record, or null when none was ever recorded. */
	consent: Consent.nullable()
});
export type Household = z.infer<typeof Household>;

/** A row of a household list: the classification of the year asked for and the consent in force. */
export const HouseholdListItem = z.object({
	id: z.uuid(),
	villageCode: z.string(),
	villageName: z.string(),
	headName: z.string(),
	birthYear: z.number().int().nullable(),
	sex: z.enum(householdSexes).nullable(),
	members: z.number().int().nullable(),
	phone: z.string().nullable(),
	idNumber: z.string().nullable(),
	year: z.number().int(),
	category: z.enum(householdCategories).nullable(),
	lacking: z.array(z.string()),
	consent: z.enum(consentStates),
	consentChannels: z.array(z.string()),
	openDuplicates: z.number().int()
});
export type HouseholdListItem = z.infer<typeof HouseholdListItem>;

/** Counts by village × category × year: what a province officer sees instead of names. */
export const HouseholdCount = z.object({
	villageCode: z.string(),
	villageName: z.string(),
	communeCode: z.string().nullable(),
	communeName: z.string().nullable(),
	year: z.number().int(),
	category: z.enum(householdCategories),
	households: z.number().int(),
	members: z.number().int()
});
export type HouseholdCount = z.infer<typeof HouseholdCount>;

export const AccessLogEntry = z.object({
	seq: z.number().int(),
	at: z.string(),
	actor: z.string(),
	action: z.string(),
	screen: z.string().nullable(),
	purpose: z.string().nullable()
});

/** Why the API caller reads personal data (logged with every access); "api" when not said. */
export const AccessQuery = z.object({ purpose: z.string().trim().min(1).max(200).optional() }).strict();

export const HouseholdApiListQuery = HouseholdListQuery.extend(AccessQuery.shape).strict();
export const HouseholdExportQuery = HouseholdListQuery.omit({ limit: true, offset: true }).extend(AccessQuery.shape).strict();
export type HouseholdExportQuery = z.infer<typeof HouseholdExportQuery>;

export const PageQuery = z
	.object({
		limit: z.coerce.number().int().min(1).max(500).default(50),
		offset: z.coerce.number().int().min(0).max(1_000_000).default(0)
	})
	.strict();

export const DuplicateListQuery = PageQuery.extend({ village: unitCode.optional(), ...AccessQuery.shape }).strict();

export const MergeInput = z.object({ keepId: z.uuid() }).strict();
export const DismissInput = z.object({ note: z.string().trim().max(500).optional() }).strict();

export const HouseholdCreated = Household.extend({
	/** Ids of the duplicate flags opened because the household looks like one already registered. */
	duplicateFlags: z.array(z.uuid())
});

const FlagSide = z.object({
	id: z.uuid(),
	villageCode: z.string(),
	villageName: z.string(),
	headName: z.string(),
	birthYear: z.number().int().nullable(),
	idNumber: z.string().nullable(),
	phone: z.string().nullable(),
	address: z.string().nullable(),
	members: z.number().int().nullable()
});

export const DuplicateFlagListItem = DuplicateFlag.extend({ household: FlagSide, other: FlagSide, canResolve: z.boolean() });

export const FlagResolution = z.object({ flag: DuplicateFlag, keptId: z.uuid().optional(), mergedId: z.uuid().optional() });
