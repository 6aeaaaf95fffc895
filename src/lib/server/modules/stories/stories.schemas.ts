import { z } from 'zod';

/** Whom a story is about: a person, a household (with its classification before and after), a group, a model. */
export const storyKinds = ['person', 'household', 'group', 'model'] as const;
export type StoryKind = (typeof storyKinds)[number];

/** draft → in_review → approved → published (→ withdrawn); a return sends it back to draft. */
export const storyStatuses = ['draft', 'in_review', 'approved', 'published', 'withdrawn'] as const;
export type StoryStatus = (typeof storyStatuses)[number];

/** How a person's consent to be shown was given. */
export const consentMethods = ['signed_form', 'verbal_witnessed', 'thumbprint'] as const;
export type ConsentMethod = (typeof consentMethods)[number];

/** The register's categories, shown on the portal as words only. */
export const householdCategories = ['poor', 'near_poor', 'escaped', 'none'] as const;
export type HouseholdCategory = (typeof householdCategories)[number];

/** Text PostgreSQL cannot store (NUL, lone surrogates). */
const unstorable = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const text = (max: number, min = 0) =>
	z
		.string('stories.textExpected')
		.trim()
		.min(min, min ? 'stories.required' : undefined)
		.max(max, 'stories.tooLong')
		.refine((s) => !unstorable.test(s), 'stories.badText');
const unitCode = z
	.string()
	.trim()
	.min(1)
	.max(40)
	.regex(/^[A-Za-z0-9._-]+$/, 'stories.unitCode');
const year = z.coerce.number('stories.yearRange').int('stories.yearRange').min(2000, 'stories.yearRange').max(2100, 'stories.yearRange');

/** A calendar date, YYYY-MM-DD, that exists. */
export const isoDate = z
	.string('stories.dateFormat')
	.trim()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'stories.dateFormat')
	.refine((s) => {
		const d = new Date(`${s}T00:00:00Z`);
		return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && s >= '2000-01-01';
	}, 'stories.dateFormat');

export const StoryIdParams = z.object({ id: z.uuid() });

const storyFields = {
	subjectName: text(200, 1),
	householdId: z.uuid('stories.householdUnknown').nullish(),
	title: text(300, 1),
	summary: text(600, 1),
	whatTheyDid: text(20_000, 1),
	results: text(20_000, 1),
	beforeYear: year.nullish(),
	afterYear: year.nullish()
};

/** A new story of a unit; the actor is its writer. Household stories name the household and two years. */
export const StoryCreateInput = z
	.object({
		unit: unitCode,
		subjectKind: z.enum(storyKinds, 'stories.kindUnknown'),
		...storyFields
	})
	.strict();
export type StoryCreateInput = z.input<typeof StoryCreateInput>;

/** Changes to a story: only the fields given change; the unit and the kind stay. */
export const StoryUpdateInput = z
	.object({
		subjectName: storyFields.subjectName.optional(),
		householdId: storyFields.householdId,
		title: storyFields.title.optional(),
		summary: storyFields.summary.optional(),
		whatTheyDid: storyFields.whatTheyDid.optional(),
		results: storyFields.results.optional(),
		beforeYear: storyFields.beforeYear,
		afterYear: storyFields.afterYear
	})
	.strict();
export type StoryUpdateInput = z.input<typeof StoryUpdateInput>;

/** The consent of one person shown: name, date, how. A scanned form may come with it. */
export const ConsentInput = z
	.object({
		personName: text(200, 1),
		givenOn: isoDate,
		method: z.enum(consentMethods, 'stories.methodUnknown')
	})
	.strict();
export type ConsentInput = z.input<typeof ConsentInput>;

/** A photo's words: the alt text is required (read aloud to someone who cannot see it). */
export const PhotoInput = z
	.object({
		alt: text(300, 1),
		caption: text(500).nullish()
	})
	.strict();
export type PhotoInput = z.input<typeof PhotoInput>;

export const ReturnInput = z.object({ comment: text(2000, 1) }).strict();
export type ReturnInput = z.input<typeof ReturnInput>;

export const NominateInput = z.object({ reason: text(2000, 1) }).strict();
export type NominateInput = z.input<typeof NominateInput>;

const flag = z
	.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')])
	.optional();

export const StoryListQuery = z.object({
	status: z.enum(storyStatuses, 'stories.statusUnknown').optional(),
	/** Stories of this unit and the units under it. */
	unit: unitCode.optional(),
	nominated: flag,
	q: z.string().trim().max(100).optional(),
	limit: z.coerce.number().int().min(1).max(200).default(50),
	offset: z.coerce.number().int().min(0).max(1_000_000).default(0)
});
export type StoryListQuery = z.input<typeof StoryListQuery>;

export const PublicStoryQuery = z.object({
	unit: unitCode,
	limit: z.coerce.number().int().min(1).max(100).default(20),
	offset: z.coerce.number().int().min(0).max(100_000).default(0)
});
export type PublicStoryQuery = z.input<typeof PublicStoryQuery>;

const person = z.object({ id: z.string(), name: z.string() }).nullable();
const category = z.enum(householdCategories).nullable();

/** A household's category before and after, as the register has it (words only on the portal). */
export const BeforeAfter = z.object({
	beforeYear: z.number().int(),
	before: category,
	afterYear: z.number().int(),
	after: category
});
export type BeforeAfter = z.infer<typeof BeforeAfter>;

export const StorySummary = z.object({
	id: z.string(),
	unit: z.string(),
	unitName: z.string(),
	/** The portal that shows the story when published: its unit's, or a village's commune's. */
	portalCode: z.string(),
	subjectKind: z.enum(storyKinds),
	subjectName: z.string(),
	title: z.string(),
	summary: z.string(),
	status: z.enum(storyStatuses),
	nominated: z.boolean(),
	writer: person,
	updatedAt: z.string(),
	publishedAt: z.string().nullable()
});
export type StorySummary = z.infer<typeof StorySummary>;

export const PhotoView = z.object({ id: z.string(), alt: z.string(), caption: z.string().nullable(), url: z.string() });
export type PhotoView = z.infer<typeof PhotoView>;

export const ConsentView = z.object({
	id: z.string(),
	personName: z.string(),
	givenOn: z.string(),
	method: z.enum(consentMethods),
	hasForm: z.boolean(),
	withdrawnAt: z.string().nullable(),
	recordedBy: person
});
export type ConsentView = z.infer<typeof ConsentView>;

export const StoryView = StorySummary.extend({
	whatTheyDid: z.string(),
	results: z.string(),
	/** The household in the register; its head's name only for those who may read the register there. */
	household: z.object({ id: z.string(), headName: z.string().nullable(), village: z.string() }).nullable(),
	beforeYear: z.number().int().nullable(),
	afterYear: z.number().int().nullable(),
	beforeAfter: BeforeAfter.nullable(),
	approvedBy: person,
	approvedAt: z.string().nullable(),
	nominationNote: z.string().nullable(),
	nominatedAt: z.string().nullable(),
	consents: z.array(ConsentView),
	/** Every person shown has consented and nobody has withdrawn. */
	consentComplete: z.boolean(),
	photos: z.array(PhotoView),
	createdAt: z.string(),
	actions: z.object({
		edit: z.boolean(),
		submit: z.boolean(),
		approve: z.boolean(),
		return: z.boolean(),
		publish: z.boolean(),
		withdraw: z.boolean(),
		nominate: z.boolean(),
		unnominate: z.boolean(),
		consent: z.boolean()
	})
});
export type StoryView = z.infer<typeof StoryView>;

/** A published story as anyone may read it: no account, no register data beyond the categories. */
export const PublicStory = z.object({
	id: z.string(),
	unit: z.string(),
	unitName: z.string(),
	/** The portal page of the story (a village's story shows on its commune's portal). */
	portalCode: z.string(),
	subjectKind: z.enum(storyKinds),
	subjectName: z.string(),
	title: z.string(),
	summary: z.string(),
	whatTheyDid: z.string(),
	results: z.string(),
	beforeAfter: BeforeAfter.nullable(),
	photos: z.array(PhotoView),
	publishedAt: z.string()
});
export type PublicStory = z.infer<typeof PublicStory>;
