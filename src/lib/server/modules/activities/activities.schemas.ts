import { z } from 'zod';

/** planned → done → verified (by the commune officer); only verified activities count as reach. */
export const activityStatuses = ['planned', 'done', 'verified'] as const;
export type ActivityStatus = (typeof activityStatuses)[number];

/** What a writer may set; `verified` is reached only through verifyActivity. */
export const writableStatuses = ['planned', 'done'] as const;

/** Where a write came from (kept on the record). */
export const activitySources = ['web', 'offline', 'loudspeaker', 'api', 'demo', 'content', 'import'] as const;
export type ActivitySource = (typeof activitySources)[number];

export const evidenceKinds = ['photo', 'attendance_sheet', 'document', 'link'] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

/** Largest count of participants in one group of one activity; more is a typing mistake. */
export const MAX_COUNT = 100_000;
/** Largest cost of one activity, in đồng (a hundred billion). */
export const MAX_COST = 100_000_000_000;

const unitCode = z
	.string()
	.trim()
	.min(1)
	.max(40)
	.regex(/^[A-Za-z0-9._-]+$/, 'activities.unitCodeFormat');
/** A catalogue code (channel, audience group, funding source). */
const catalogCode = z
	.string()
	.trim()
	.min(1)
	.max(40)
	.regex(/^[a-z0-9_]+$/, 'activities.codeFormat');
/** Text of a form field: blank means "not given" (null). */
const optionalText = (max: number) =>
	z
		.string()
		.trim()
		.max(max)
		.nullish()
		.transform((v) => (v ? v : null));

/** A calendar date that exists (2026-02-30 does not), between 2000 and 2100. */
export const CalendarDate = z
	.string()
	.trim()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'activities.dateFormat')
	.refine((d) => {
		const [y, m, day] = d.split('-').map(Number);
		const t = new Date(Date.UTC(y, m - 1, day));
		return y >= 2000 && y <= 2100 && t.getUTCMonth() === m - 1 && t.getUTCDate() === day;
	}, 'activities.dateFormat');

const Time = z
	.string()
	.trim()
	.regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'activities.timeFormat')
	.nullish()
	.transform((v) => v ?? null);

const Count = z.number().int('activities.countInteger').min(0, 'activities.countNegative').max(MAX_COUNT, 'activities.countTooLarge');

export const MaterialInput = z
	.object({
		label: z.string().trim().min(1, 'activities.materialLabel').max(200),
		printed: Count.nullish().transform((v) => v ?? null),
		handedOut: Count.nullish().transform((v) => v ?? null),
		contentId: z.uuid().nullish().transform((v) => v ?? null)
	})
	.strict();

export const CostLineInput = z
	.object({
		source: catalogCode,
		amount: z.number().int('activities.costInteger').min(0, 'activities.costNegative').max(MAX_COST, 'activities.costTooLarge'),
		note: optionalText(300)
	})
	.strict();

/**
 * An activity as a form, the API or a phone submits it. Catalogue codes, units, the plan and
 * households are checked against the database by the service; the shape and the arithmetic here.
 */
export const ActivityInput = z
	.object({
		/** Code of the unit the activity belongs to (its scope): a village, a commune, a province. */
		unit: unitCode,
		/** Further units it covered, each inside `unit`'s subtree. */
		coveredUnits: z.array(unitCode).max(200).default([]),
		/** Channel code from the catalogue (an active one). */
		channel: catalogCode,
		/** The plan it serves: a plan of the unit or a unit above it, not superseded. */
		plan: z.uuid().nullish().transform((v) => v ?? null),
		/** The plan's themes it serves, as the plan words them. */
		themes: z.array(z.string().trim().min(1).max(500)).max(20).default([]),
		title: z.string().trim().min(1, 'activities.titleRequired').max(300),
		description: optionalText(5000),
		place: optionalText(300),
		/** Calendar date in Asia/Ho_Chi_Minh, YYYY-MM-DD. */
		date: CalendarDate,
		startTime: Time,
		endTime: Time,
		/** The office or organisation that organised it. */
		organiser: optionalText(200),
		responsible: optionalText(200),
		/** Audience group codes targeted. */
		audiences: z.array(catalogCode).max(30).default([]),
		/** Participants by audience group code (poor, near_poor, escaped, other …). */
		counts: z.record(catalogCode, Count).default({}),
		/** Household ids reached, each living in `unit`'s subtree. */
		households: z.array(z.uuid()).max(5000).default([]),
		materials: z.array(MaterialInput).max(50).default([]),
		/** Total cost in đồng; when cost lines are given too, they must add up to it. */
		cost: z
			.number()
			.int('activities.costInteger')
			.min(0, 'activities.costNegative')
			.max(MAX_COST, 'activities.costTooLarge')
			.nullish()
			.transform((v) => v ?? null),
		/** The cost split by funding source. */
		costs: z.array(CostLineInput).max(20).default([]),
		status: z.enum(writableStatuses).default('planned'),
		/** The content item it carried (bulletin, article, leaflet). */
		contentId: z.uuid().nullish().transform((v) => v ?? null),
		/** The stored version this write changes (updates only); not part of the content. */
		version: z.number().int().min(1).max(1_000_000).optional()
	})
	.strict()
	.superRefine((a, ctx) => {
		if (a.costs.length && a.cost !== null) {
			const sum = a.costs.reduce((s, c) => s + c.amount, 0);
			if (sum !== a.cost) ctx.addIssue({ code: 'custom', path: ['costs'], message: 'activities.costsSum' });
		}
		if (a.startTime && a.endTime && a.endTime < a.startTime) ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'activities.timeOrder' });
		const twice = <T>(xs: T[]) => xs.some((x, i) => xs.indexOf(x) !== i);
		if (twice(a.households)) ctx.addIssue({ code: 'custom', path: ['households'], message: 'activities.householdTwice' });
		if (twice(a.costs.map((c) => c.source))) ctx.addIssue({ code: 'custom', path: ['costs'], message: 'activities.costSourceTwice' });
	});
/** The parsed input (what the service works with). */
export type ActivityInput = z.infer<typeof ActivityInput>;
/** What a caller may pass before parsing (defaults filled by the service). */
export type ActivityInputFields = z.input<typeof ActivityInput>;

export const ActivityListQuery = z
	.object({
		/** Unit code: the unit and everything under it. */
		unit: unitCode.optional(),
		channel: catalogCode.optional(),
		/** One of the themes the activity serves (exact words). */
		theme: z.string().trim().min(1).max(500).optional(),
		/** A period key: 2026, 2026H1, 2026Q1, 2026-03. */
		period: z.string().trim().min(1).max(12).optional(),
		from: CalendarDate.optional(),
		to: CalendarDate.optional(),
		status: z.enum(activityStatuses).optional(),
		plan: z.uuid().optional(),
		/** Words of the title or place. */
		q: z.string().trim().max(100).optional(),
		limit: z.coerce.number().int().min(1).max(500).default(50),
		offset: z.coerce.number().int().min(0).max(1_000_000).default(0)
	})
	.strict();
export type ActivityListQuery = z.infer<typeof ActivityListQuery>;
export type ActivityFilter = Omit<ActivityListQuery, 'limit' | 'offset'>;

const Named = z.object({ code: z.string(), name: z.string() });

export const EvidenceView = z.object({
	id: z.uuid(),
	kind: z.enum(evidenceKinds),
	caption: z.string().nullable(),
	/** The link, for kind `link`. */
	url: z.string().nullable(),
	/** The stored file, for the other kinds. */
	file: z.object({ name: z.string(), mime: z.string(), size: z.number().int(), sha256: z.string() }).nullable(),
	/** Where the file downloads from (`GET /api/v1/activities/{id}/evidence/{evidenceId}`). */
	href: z.string().nullable(),
	createdAt: z.string()
});
export type EvidenceView = z.infer<typeof EvidenceView>;

/** A household an activity reached; the name only for those who read households there (and logged). */
export const ReachedHousehold = z.object({
	id: z.uuid(),
	villageCode: z.string(),
	villageName: z.string(),
	/** Null when the actor may not read the household's name. */
	headName: z.string().nullable(),
	how: z.string()
});

/** An activity as the API and pages show it. */
export const ActivityView = z.object({
	id: z.uuid(),
	unit: Named,
	coveredUnits: z.array(Named),
	channel: z.string(),
	plan: z.object({ id: z.uuid(), title: z.string(), periodFrom: z.number().int().nullable(), periodTo: z.number().int().nullable() }).nullable(),
	themes: z.array(z.string()),
	title: z.string(),
	description: z.string().nullable(),
	place: z.string().nullable(),
	date: z.string(),
	startTime: z.string().nullable(),
	endTime: z.string().nullable(),
	organiser: z.string().nullable(),
	responsible: z.string().nullable(),
	audiences: z.array(z.string()),
	/** Participants by audience group code. */
	counts: z.record(z.string(), z.number().int()),
	/** Sum of the counts. */
	participants: z.number().int(),
	households: z.array(ReachedHousehold),
	materials: z.array(z.object({ label: z.string(), printed: z.number().int().nullable(), handedOut: z.number().int().nullable(), contentId: z.string().nullable() })),
	cost: z.number().int().nullable(),
	costs: z.array(z.object({ source: z.string(), amount: z.number().int(), note: z.string().nullable() })),
	status: z.enum(activityStatuses),
	verifiedBy: z.string().nullable(),
	verifiedAt: z.string().nullable(),
	contentId: z.string().nullable(),
	source: z.string(),
	version: z.number().int(),
	createdBy: z.string().nullable(),
	createdAt: z.string(),
	updatedAt: z.string(),
	evidence: z.array(EvidenceView),
	/** What the actor may do with it now. */
	allowed: z.object({ edit: z.boolean(), verify: z.boolean() })
});
export type ActivityView = z.infer<typeof ActivityView>;

/** A row of an activity list or calendar. */
export const ActivityListItem = z.object({
	id: z.uuid(),
	unit: Named,
	channel: z.string(),
	planId: z.string().nullable(),
	themes: z.array(z.string()),
	title: z.string(),
	place: z.string().nullable(),
	date: z.string(),
	startTime: z.string().nullable(),
	status: z.enum(activityStatuses),
	participants: z.number().int(),
	households: z.number().int(),
	cost: z.number().int().nullable(),
	evidence: z.number().int(),
	version: z.number().int()
});
export type ActivityListItem = z.infer<typeof ActivityListItem>;

/** Query of an evidence upload: `PUT /api/v1/activities/{id}/evidence/{evidenceId}` with the file as body. */
export const EvidenceQuery = z
	.object({
		kind: z.enum(evidenceKinds),
		caption: z.string().trim().max(300).optional(),
		/** The file's name, for downloads. */
		name: z.string().trim().max(200).optional(),
		/** The link, for kind `link` (http or https only). */
		url: z.string().trim().max(2000).optional()
	})
	.strict();
export type EvidenceQuery = z.infer<typeof EvidenceQuery>;

export interface EvidenceUpload {
	kind: EvidenceKind;
	caption?: string | null;
	name?: string | null;
	bytes?: Uint8Array | null;
	url?: string | null;
}

/** An http(s) link with a host; anything else (javascript:, data:, file:) is refused. */
export function isWebLink(value: string): boolean {
	try {
		const u = new URL(value);
		return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
	} catch {
		return false;
	}
}
