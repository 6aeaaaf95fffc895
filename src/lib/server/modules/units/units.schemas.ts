import { z } from 'zod';

export const unitLevelCodes = ['province', 'district', 'commune', 'village'] as const;

const code = z
	.string()
	.trim()
	.min(1)
	.max(40)
	.regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, hyphen, underscore');
const name = z.string().trim().min(1).max(200);
/** Calendar date as `YYYY-MM-DD`. */
export const isoDate = z.iso.date();

export const UnitCreateInput = z
	.object({
		code,
		name,
		level: z.string().trim().min(1).max(40),
		parentCode: code.nullish(),
		validFrom: isoDate.nullish(),
		validTo: isoDate.nullish()
	})
	.strict();
export type UnitCreateInput = z.infer<typeof UnitCreateInput>;

export const UnitUpdateInput = z
	.object({
		name: name.optional(),
		/** Moves the unit (and its subtree) under another parent. */
		parentCode: code.nullish(),
		validFrom: isoDate.nullish(),
		validTo: isoDate.nullish()
	})
	.strict();
export type UnitUpdateInput = z.infer<typeof UnitUpdateInput>;

export const UnitMergeInput = z
	.object({
		successorCode: code,
		/** The day the merge took effect; the merged unit is valid until the day before. */
		date: isoDate,
		/** Re-parent the merged unit's children under the successor (default true). */
		moveChildren: z.boolean().default(true)
	})
	.strict();
export type UnitMergeInput = z.infer<typeof UnitMergeInput>;

export const UnitListQuery = z.object({
	q: z.string().trim().max(100).optional(),
	level: z.string().trim().max(40).optional(),
	parent: code.optional(),
	includeInactive: z
		.enum(['true', 'false', '1', '0'])
		.transform((v) => v === 'true' || v === '1')
		.optional(),
	limit: z.coerce.number().int().min(1).max(500).default(50),
	offset: z.coerce.number().int().min(0).max(1_000_000).default(0)
});
export type UnitListQuery = z.infer<typeof UnitListQuery>;

export const Unit = z.object({
	id: z.uuid(),
	code: z.string(),
	name: z.string(),
	level: z.string(),
	parentCode: z.string().nullable(),
	validFrom: z.string().nullable(),
	validTo: z.string().nullable(),
	successorCode: z.string().nullable(),
	active: z.boolean()
});
export type Unit = z.infer<typeof Unit>;

const flag = z
	.enum(['true', 'false', '1', '0'])
	.transform((v) => v === 'true' || v === '1')
	.optional();

export const UnitExportQuery = z.object({
	format: z.enum(['csv', 'xlsx']).default('csv'),
	/** Only this unit and everything under it. */
	root: code.optional()
});
export type UnitExportQuery = z.infer<typeof UnitExportQuery>;

export const UnitImportQuery = z.object({
	/** Import the valid rows and skip the bad ones (and the rows that depend on them). */
	skipErrors: flag
});

/** One problem of an imported file: the row number as the spreadsheet shows it, the column, why. */
export const ImportProblem = z.object({ row: z.number().int(), column: z.string(), message: z.string() });
export type ImportProblem = z.infer<typeof ImportProblem>;

export const UnitImportResult = z.object({
	/** Data rows read (blank rows are not counted). */
	rows: z.number().int(),
	created: z.number().int(),
	updated: z.number().int(),
	unchanged: z.number().int(),
	/** Bad rows left out (only with skipErrors; otherwise a bad row stops the whole import). */
	skipped: z.number().int(),
	errors: z.array(ImportProblem)
});
export type UnitImportResult = z.infer<typeof UnitImportResult>;
