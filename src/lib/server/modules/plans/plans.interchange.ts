import { z } from 'zod';

/**
 * The plan interchange format: what `lantoa plans import --dry-run --json` prints,
 * `GET /api/v1/plans/{id}` returns and `POST /api/v1/plans` accepts. It follows the document as
 * written (header, bases, nested sections with their items, recipients, signer) and adds the
 * structured parts that later modules count (targets, tasks, channels, audiences, funding).
 */

/** Marks of items as the seeds write them: "1.", "a)", "đ)", "-", "+", "•". */
export const ItemMarker = z.string().max(12);

export interface PlanItem {
	/** The item's own mark as written ("a)", "-", "1."), or null for a plain paragraph. */
	marker: string | null;
	text: string;
	items: PlanItem[];
}

export const PlanItem: z.ZodType<PlanItem> = z.lazy(() =>
	z.object({
		marker: ItemMarker.nullable().default(null),
		text: z.string().max(20_000),
		items: z.array(PlanItem).max(500).default([])
	})
) as z.ZodType<PlanItem>;

/** What a section is about, when recognised; later modules read sections by kind. */
export const sectionKinds = [
	'purposes_requirements',
	'purposes',
	'requirements',
	'audiences_scope',
	'audiences',
	'scope',
	'content_channels_solutions',
	'themes',
	'channels',
	'solutions',
	'funding',
	'assignments',
	'other'
] as const;
export type SectionKind = (typeof sectionKinds)[number];

export interface PlanSection {
	/** The heading as written without its number ("MỤC ĐÍCH, YÊU CẦU"). */
	heading: string;
	/** The heading's number as written ("I", "1", "a"), or null. */
	number: string | null;
	kind: SectionKind | null;
	items: PlanItem[];
	sections: PlanSection[];
}

export const PlanSection: z.ZodType<PlanSection> = z.lazy(() =>
	z.object({
		heading: z.string().max(1000),
		number: z.string().max(12).nullable().default(null),
		kind: z.enum(sectionKinds).nullable().default(null),
		items: z.array(PlanItem).max(500).default([]),
		sections: z.array(PlanSection).max(100).default([])
	})
) as z.ZodType<PlanSection>;

export const basisTypes = ['decision', 'plan', 'circular', 'decree', 'resolution', 'directive', 'law', 'official_letter', 'other'] as const;

export const PlanBasis = z.object({
	/** The reference as written in the document. */
	text: z.string().min(1).max(2000),
	type: z.enum(basisTypes).nullable().default(null),
	/** Number and symbol, e.g. "204/KH-UBND". */
	number: z.string().max(60).nullable().default(null),
	date: z.iso.date().nullable().default(null),
	issuer: z.string().max(300).nullable().default(null),
	title: z.string().max(2000).nullable().default(null),
	/** A plan in Lan Tỏa this basis refers to (the parent unit's plan): the cascade link. */
	planId: z.uuid().nullable().default(null)
});
export type PlanBasis = z.infer<typeof PlanBasis>;

export const PlanSigner = z.object({
	/** "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH" … or null when the title signs alone. */
	authority: z.string().max(120).nullable().default(null),
	title: z.string().max(120).default('CHỦ TỊCH'),
	name: z.string().max(120).nullable().default(null)
});

/** A recipient line of "Nơi nhận", with its purpose mark when written ("b/c", "t/h"). */
export const PlanRecipient = z.string().min(1).max(500);

export const PlanTarget = z.object({
	indicator: z.string().min(1).max(60),
	/** DHIS2-style period key: 2026, 2026Q1, 2026H1, 2026-03; or "month"/"year" for "per month" targets. */
	period: z.string().min(1).max(12),
	value: z.number().finite().min(0).max(1e12),
	note: z.string().max(500).nullable().default(null)
});
export type PlanTarget = z.infer<typeof PlanTarget>;

export const PlanTaskInput = z.object({
	/** Who: a role, office or organisation as written ("Công chức VH-XH", "Hội Phụ nữ xã"). */
	assignee: z.string().min(1).max(300),
	text: z.string().min(1).max(5000),
	due: z.iso.date().nullable().default(null)
});

export const PlanWarning = z.object({
	/** Line in the source file, when the warning comes from an import. */
	line: z.number().int().nullable().default(null),
	message: z.string(),
	/** The text the warning is about, kept in place in the plan. */
	text: z.string().nullable().default(null)
});

export const PlanDocument = z.object({
	issuer: z.string().min(1).max(200),
	parentIssuer: z.string().max(200).nullable().default(null),
	number: z.string().max(20).nullable().default(null),
	symbol: z.string().max(40).default('KH-UBND'),
	place: z.string().max(120).nullable().default(null),
	date: z.iso.date().nullable().default(null),
	/** Document type as printed, upper case. */
	documentType: z.string().max(40).default('KẾ HOẠCH'),
	title: z.string().min(1).max(1000),
	period: z.object({ from: z.number().int().min(1990).max(2100), to: z.number().int().min(1990).max(2100) }).nullable().default(null),
	/** Sentence that follows the bases ("UBND xã … xây dựng Kế hoạch … như sau:"). */
	preamble: z.string().max(5000).nullable().default(null),
	bases: z.array(PlanBasis).max(100).default([]),
	sections: z.array(PlanSection).max(100).default([]),
	/** Closing sentence before "Nơi nhận" ("Trên đây là Kế hoạch …"). */
	closing: z.string().max(5000).nullable().default(null),
	recipients: z.array(PlanRecipient).max(100).default([]),
	signer: PlanSigner.nullable().default(null),
	targets: z.array(PlanTarget).max(500).default([]),
	tasks: z.array(PlanTaskInput).max(500).default([]),
	/** Codes from the catalogues, recognised in the text or chosen in the editor. */
	channels: z.array(z.string().max(40)).max(50).default([]),
	audiences: z.array(z.string().max(40)).max(50).default([]),
	fundingSources: z.array(z.string().max(40)).max(20).default([]),
	warnings: z.array(PlanWarning).max(1000).default([])
});
export type PlanDocument = z.infer<typeof PlanDocument>;
export type PlanDocumentInput = z.input<typeof PlanDocument>;
