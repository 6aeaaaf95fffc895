import { z } from 'zod';

/** Articles (portal), loudspeaker bulletins, social posts (Facebook, Zalo) and leaflets or publications. */
export const contentKinds = ['article', 'bulletin', 'social_post', 'leaflet'] as const;
export type ContentKind = (typeof contentKinds)[number];

/** draft → in_review → approved → published; "returned" is a draft with the approver's comment. */
export const contentStatuses = ['draft', 'in_review', 'approved', 'published'] as const;
export type ContentStatus = (typeof contentStatuses)[number];

/** Bulletins only: emergency bulletins skip the loudspeaker queue. */
export const contentPriorities = ['normal', 'priority', 'emergency'] as const;
export type ContentPriority = (typeof contentPriorities)[number];

/** Text PostgreSQL cannot store (NUL, lone surrogates). */
const unstorable = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const text = (max: number, min = 0) =>
	z
		.string()
		.trim()
		.min(min, min ? 'content.required' : undefined)
		.max(max)
		.refine((s) => !unstorable.test(s), 'content.badText');
const unitCode = z
	.string()
	.trim()
	.min(1)
	.max(40)
	.regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, hyphen, underscore');
const codeList = z.array(z.string().trim().min(1).max(60)).max(30);
const themeList = z.array(text(300, 1)).max(30);
/** A calendar date, YYYY-MM-DD, that exists. */
export const isoDate = z
	.string()
	.trim()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'content.dateFormat')
	.refine((s) => {
		const d = new Date(`${s}T00:00:00Z`);
		return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && s >= '2000-01-01';
	}, 'content.dateFormat');

export const ContentIdParams = z.object({ id: z.uuid() });

/** A new content item of a unit; `priority` is for bulletins only. */
export const ContentCreateInput = z
	.object({
		unit: unitCode,
		kind: z.enum(contentKinds),
		title: text(300, 1),
		summary: text(1000).nullish(),
		body: text(50_000).default(''),
		priority: z.enum(contentPriorities).optional(),
		planId: z.uuid().nullish(),
		themes: themeList.default([]),
		audiences: codeList.default([])
	})
	.strict();
export type ContentCreateInput = z.input<typeof ContentCreateInput>;

/** Changes to an item: only the fields given change. The kind and the unit stay. */
export const ContentUpdateInput = z
	.object({
		title: text(300, 1).optional(),
		summary: text(1000).nullish(),
		body: text(50_000).optional(),
		priority: z.enum(contentPriorities).optional(),
		planId: z.uuid().nullish(),
		themes: themeList.optional(),
		audiences: codeList.optional()
	})
	.strict();
export type ContentUpdateInput = z.input<typeof ContentUpdateInput>;

/** Returning an item to its author needs a reason. */
export const ContentReturnInput = z.object({ comment: text(2000, 1) }).strict();
export type ContentReturnInput = z.input<typeof ContentReturnInput>;

const flag = z
	.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')])
	.optional();

export const ContentListQuery = z.object({
	kind: z.enum(contentKinds).optional(),
	status: z.enum(contentStatuses).optional(),
	/** Items of this unit and the units under it. */
	unit: unitCode.optional(),
	/** Only items in review that the actor may approve and did not write. */
	awaitingMe: flag,
	q: z.string().trim().max(100).optional(),
	limit: z.coerce.number().int().min(1).max(200).default(50),
	offset: z.coerce.number().int().min(0).max(1_000_000).default(0)
});
export type ContentListQuery = z.input<typeof ContentListQuery>;

/** A printable PDF made from the item's text. */
export const LeafletGenerateInput = z
	.object({
		size: z.enum(['A4', 'A5']).default('A4'),
		/** The line under the text saying whom to ask ("Liên hệ: …"); the commune's people's committee by default. */
		contact: text(300).nullish()
	})
	.strict();
export type LeafletGenerateInput = z.input<typeof LeafletGenerateInput>;

const quantity = z.coerce.number().int('content.quantityWhole').min(1, 'content.quantityPositive').max(10_000_000);

export const PrintRunInput = z
	.object({
		printedOn: isoDate,
		quantity,
		printer: text(200).nullish(),
		/** đồng */
		cost: z.coerce.number().int('content.costWhole').min(0, 'content.costNegative').max(1e12).nullish()
	})
	.strict();
export type PrintRunInput = z.input<typeof PrintRunInput>;

export const DistributionInput = z
	.object({
		/** The village's code. */
		village: unitCode,
		quantity,
		distributedOn: isoDate
	})
	.strict();
export type DistributionInput = z.input<typeof DistributionInput>;

const person = z.object({ id: z.string(), name: z.string() }).nullable();

export const ContentSummary = z.object({
	id: z.string(),
	unit: z.string(),
	unitName: z.string(),
	kind: z.enum(contentKinds),
	title: z.string(),
	summary: z.string().nullable(),
	priority: z.enum(contentPriorities),
	status: z.enum(contentStatuses),
	author: person,
	updatedAt: z.string(),
	publishedAt: z.string().nullable()
});
export type ContentSummary = z.infer<typeof ContentSummary>;

export const PrintRunView = z.object({
	id: z.string(),
	printedOn: z.string(),
	quantity: z.number(),
	printer: z.string().nullable(),
	cost: z.number().nullable()
});
export const DistributionView = z.object({
	id: z.string(),
	village: z.string(),
	villageName: z.string(),
	quantity: z.number(),
	distributedOn: z.string(),
	activityId: z.string().nullable()
});

export const ContentView = ContentSummary.extend({
	body: z.string(),
	planId: z.string().nullable(),
	themes: z.array(z.string()),
	audiences: z.array(z.string()),
	reviewComment: z.string().nullable(),
	submittedAt: z.string().nullable(),
	approvedBy: person,
	approvedAt: z.string().nullable(),
	publishedBy: person,
	createdAt: z.string(),
	/** The leaflet's printable PDF, when there is one. */
	pdf: z.object({ id: z.string(), name: z.string(), size: z.number() }).nullable(),
	/** Leaflets: print runs, copies handed out per village and the totals. */
	printing: z
		.object({
			runs: z.array(PrintRunView),
			distributions: z.array(DistributionView),
			byVillage: z.array(z.object({ village: z.string(), villageName: z.string(), quantity: z.number() })),
			printed: z.number(),
			handedOut: z.number(),
			cost: z.number()
		})
		.nullable(),
	/** What the actor may do with the item now. */
	actions: z.object({
		edit: z.boolean(),
		submit: z.boolean(),
		approve: z.boolean(),
		return: z.boolean(),
		publish: z.boolean(),
		attachPdf: z.boolean(),
		print: z.boolean()
	})
});
export type ContentView = z.infer<typeof ContentView>;
