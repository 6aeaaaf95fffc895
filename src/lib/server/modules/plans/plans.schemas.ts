import { z } from 'zod';
import { PlanDocument, PlanTaskInput } from './plans.interchange';

/** draft → submitted → approved → issued → superseded (by the next issued version). Returned plans are drafts with a comment. */
export const planStatuses = ['draft', 'submitted', 'approved', 'issued', 'superseded'] as const;
export type PlanStatus = (typeof planStatuses)[number];

export const taskStatuses = ['open', 'in_progress', 'done'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

const unitCode = z
	.string()
	.trim()
	.min(1)
	.max(40)
	.regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, hyphen, underscore');
const year = z.number().int().min(2000).max(2100);
const flag = z
	.enum(['true', 'false', '1', '0'])
	.transform((v) => v === 'true' || v === '1')
	.optional();

/**
 * The JSON Schema of `schema` as metadata for another schema: its alternatives (`anyOf`) and
 * definitions. `$id` makes the schema a resource of its own, so its `#/$defs/…` references (the
 * nested sections and items) resolve inside it wherever the OpenAPI document embeds it.
 */
function documentedShapes(name: string, schema: z.ZodType) {
	const { $schema: _, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
	return { ...json, $id: `urn:lantoa:schema:${name}` };
}

/** Gives a schema with nested sections an `$id`, so its `#/$defs/…` references resolve (see documentedShapes). */
export const asResource = <T extends z.ZodType>(schema: T, name: string): T => schema.meta({ $id: `urn:lantoa:schema:${name}` }) as T;

/** A plan in the interchange format, for a unit: what `POST /api/v1/plans` stores as a draft. */
export const PlanDocumentForUnit = PlanDocument.extend({ unit: unitCode });

/** A commune (or province) communication plan written from Lan Tỏa's template. */
export const PlanFromTemplateInput = z
	.object({
		unit: unitCode,
		template: z.literal(true),
		/** The plan's year (default: the current year); or `years` for a multi-year plan. */
		year: year.optional(),
		years: z.object({ from: year, to: year }).strict().optional()
	})
	.strict();

/** A unit's plan cascaded from an issued plan of a unit above it. */
export const PlanCascadeInput = z.object({ unit: unitCode, cascadeFrom: z.uuid() }).strict();

/** A copy of an earlier plan of the same unit, years shifted (default: one year later). */
export const PlanCopyInput = z.object({ copyFrom: z.uuid(), year: year.optional() }).strict();

/** The request of `POST /api/v1/plans`, told apart by the key that names its source. */
export type PlanCreateRequest =
	| ({ from: 'template' } & z.infer<typeof PlanFromTemplateInput>)
	| ({ from: 'cascade' } & z.infer<typeof PlanCascadeInput>)
	| ({ from: 'copy' } & z.infer<typeof PlanCopyInput>)
	| ({ from: 'document' } & z.infer<typeof PlanDocumentForUnit>);

const createVariants = [
	['template', PlanFromTemplateInput],
	['cascadeFrom', PlanCascadeInput],
	['copyFrom', PlanCopyInput]
] as const;

/**
 * One of four bodies, chosen by key: `template: true`, `cascadeFrom`, `copyFrom`, or else a whole
 * plan document. Choosing by key (rather than trying each in turn) lets a bad document come back
 * with the path of every problem instead of one "matches none of the shapes".
 */
export const PlanCreateBody = z
	.unknown()
	.transform((value, ctx): PlanCreateRequest => {
		const obj = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
		const [key, schema] = (obj && createVariants.find(([k]) => Object.hasOwn(obj, k))) ?? [null, PlanDocumentForUnit];
		const result = (schema as z.ZodType).safeParse(value);
		if (!result.success) {
			for (const issue of result.error.issues) ctx.issues.push({ ...issue, input: undefined } as never);
			return z.NEVER;
		}
		const from = key === 'template' ? 'template' : key === 'cascadeFrom' ? 'cascade' : key === 'copyFrom' ? 'copy' : 'document';
		return { from, ...(result.data as object) } as PlanCreateRequest;
	})
	.meta({
		description:
			'Exactly one of: { unit, template: true, year? | years? } (Lan Tỏa template); { unit, cascadeFrom } (from an issued plan of a unit above); { copyFrom, year? } (copy of an earlier plan, years shifted); or { unit, …plan document } in the interchange format (what GET /api/v1/plans/{id} returns: its other fields are ignored).',
		...documentedShapes('plan-create', z.union([PlanFromTemplateInput, PlanCascadeInput, PlanCopyInput, PlanDocumentForUnit]))
	});

/** The `{id}` of a plan's or a task's address. */
export const PlanIdParams = z.object({ id: z.uuid() });

/** NUL and unpaired surrogates: valid in a JS string, refused by PostgreSQL (in jsonb above all). */
export const unstorableText = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const PlanReturnInput = z
	.object({
		comment: z
			.string()
			.trim()
			.min(1)
			.max(2000)
			.refine((s) => !unstorableText.test(s), 'plan.badText')
	})
	.strict();
export type PlanReturnInput = z.infer<typeof PlanReturnInput>;

export const PlanListQuery = z.object({
	/** Plans of this unit and the units under it. */
	unit: unitCode.optional(),
	status: z.enum(planStatuses).optional(),
	/** Plans whose period includes this year. */
	year: z.coerce.number().int().min(1990).max(2100).optional(),
	/** Words of the title or the number ("12/KH-UBND"). */
	q: z.string().trim().max(100).optional(),
	/** Plans that name this plan among their bases (the cascade). */
	cascadedFrom: z.uuid().optional(),
	limit: z.coerce.number().int().min(1).max(200).default(50),
	offset: z.coerce.number().int().min(0).max(1_000_000).default(0)
});
export type PlanListQuery = z.infer<typeof PlanListQuery>;

export const Paging = z.object({
	limit: z.coerce.number().int().min(1).max(200).default(50),
	offset: z.coerce.number().int().min(0).max(1_000_000).default(0)
});
export type Paging = z.infer<typeof Paging>;

/** What the actor may do with a plan now (for the buttons a page shows). */
export const PlanActions = z.object({
	edit: z.boolean(),
	submit: z.boolean(),
	return: z.boolean(),
	approve: z.boolean(),
	issue: z.boolean(),
	revise: z.boolean()
});
export type PlanActions = z.infer<typeof PlanActions>;

/** A plan in a list. */
export const PlanSummary = z.object({
	id: z.uuid(),
	unit: z.string(),
	unitName: z.string(),
	status: z.enum(planStatuses),
	version: z.number().int(),
	seriesId: z.uuid(),
	title: z.string(),
	issuer: z.string(),
	period: z.object({ from: z.number().int(), to: z.number().int() }).nullable(),
	/** "12/KH-UBND" once issued. */
	reference: z.string().nullable(),
	issuedOn: z.string().nullable(),
	updatedAt: z.string()
});
export type PlanSummary = z.infer<typeof PlanSummary>;

/** A task of a plan as it is tracked. */
export const TaskView = z.object({
	id: z.uuid(),
	planId: z.uuid(),
	planTitle: z.string(),
	planReference: z.string().nullable(),
	unit: z.string(),
	unitName: z.string(),
	assignee: z.string(),
	/** The role whose holders see the task as theirs, when the assignee names one. */
	assigneeRole: z.string().nullable(),
	text: z.string(),
	due: z.string().nullable(),
	status: z.enum(taskStatuses),
	overdue: z.boolean(),
	doneAt: z.string().nullable(),
	/** The actor holds the assignee's role there. */
	mine: z.boolean(),
	/** The actor may change the status. */
	canUpdate: z.boolean()
});
export type TaskView = z.infer<typeof TaskView>;

/**
 * One plan: the interchange document's fields at the top level (so the answer can be sent back
 * to `POST /api/v1/plans` as it is), with the record's own fields beside them.
 */
export const PlanView = asResource(
	PlanDocument.extend({
		id: z.uuid(),
		unit: z.string(),
		unitName: z.string(),
		status: z.enum(planStatuses),
		version: z.number().int(),
		seriesId: z.uuid(),
		/** The issued version this one replaces. */
		supersedesId: z.uuid().nullable(),
		/** The plan this one was cascaded or copied from. */
		sourcePlanId: z.uuid().nullable(),
		/** Plans in Lan Tỏa named among the bases. */
		basisPlanIds: z.array(z.uuid()),
		/** "12/KH-UBND" once issued. */
		reference: z.string().nullable(),
		issuedOn: z.string().nullable(),
		/** The leader's comment when the plan was returned for changes. */
		returnComment: z.string().nullable(),
		createdAt: z.string(),
		updatedAt: z.string(),
		submittedAt: z.string().nullable(),
		approvedAt: z.string().nullable(),
		issuedAt: z.string().nullable(),
		/** Every version of the series the actor may read, oldest first. */
		versions: z.array(z.object({ id: z.uuid(), version: z.number().int(), status: z.enum(planStatuses), reference: z.string().nullable(), issuedOn: z.string().nullable() })),
		/** The tasks as tracked (status, due, overdue); `tasks` holds them as written. */
		trackedTasks: z.array(TaskView),
		actions: PlanActions
	}),
	'plan-view'
);
export type PlanView = z.infer<typeof PlanView>;

export const DiffStatus = z.enum(['same', 'changed', 'added', 'removed']);
export type DiffStatus = z.infer<typeof DiffStatus>;

export const DiffParagraph = z.object({ marker: z.string().nullable(), text: z.string(), depth: z.number().int() });
export type DiffParagraph = z.infer<typeof DiffParagraph>;

/** One line of a side-by-side view: the left (older) and right (newer) paragraph. */
export const DiffRow = z.object({ status: DiffStatus, left: DiffParagraph.nullable(), right: DiffParagraph.nullable() });
export type DiffRow = z.infer<typeof DiffRow>;

export interface SectionDiff {
	status: DiffStatus;
	left: { number: string | null; heading: string } | null;
	right: { number: string | null; heading: string } | null;
	rows: DiffRow[];
	sections: SectionDiff[];
}
export const SectionDiff: z.ZodType<SectionDiff> = z.lazy(() =>
	z.object({
		status: DiffStatus,
		left: z.object({ number: z.string().nullable(), heading: z.string() }).nullable(),
		right: z.object({ number: z.string().nullable(), heading: z.string() }).nullable(),
		rows: z.array(DiffRow),
		sections: z.array(SectionDiff)
	})
) as z.ZodType<SectionDiff>;

/** Two versions side by side, part by part; `left` is the older. */
export const PlanComparison = asResource(
	z.object({
		left: PlanSummary,
		right: PlanSummary,
		/** Header and closing fields: title, period, number, date, preamble, closing, signer … */
		fields: z.array(z.object({ field: z.string(), status: DiffStatus, left: z.string().nullable(), right: z.string().nullable() })),
		bases: z.array(DiffRow),
		sections: z.array(SectionDiff),
		recipients: z.array(DiffRow),
		targets: z.array(DiffRow),
		tasks: z.array(DiffRow),
		counts: z.object({ added: z.number().int(), removed: z.number().int(), changed: z.number().int() })
	}),
	'plan-comparison'
);
export type PlanComparison = z.infer<typeof PlanComparison>;

export const TaskListQuery = z.object({
	/** `open` (open or in progress, the default), `done`, or `all`. */
	status: z.enum(['open', 'done', 'all']).default('open'),
	/** Only tasks whose assignee role the actor holds. */
	mine: flag,
	limit: z.coerce.number().int().min(1).max(500).default(100),
	offset: z.coerce.number().int().min(0).max(1_000_000).default(0)
});
export type TaskListQuery = z.infer<typeof TaskListQuery>;

export const TaskStatusInput = z.object({ status: z.enum(taskStatuses) }).strict();
export type TaskStatusInput = z.infer<typeof TaskStatusInput>;

/** The body of `PUT /api/v1/plans/{id}`: a whole plan document (other fields, as GET returns them, are ignored). */
export const PlanDocumentBody = asResource(PlanDocument, 'plan-document');

export { PlanDocument, PlanTaskInput };
