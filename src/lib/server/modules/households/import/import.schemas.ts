import { z } from 'zod';

/** A row the import refused: its number as the spreadsheet shows it, the column as the file heads it, why. */
export const HouseholdImportProblem = z.object({
	row: z.number().int(),
	column: z.string(),
	message: z.string()
});
export type HouseholdImportProblem = z.infer<typeof HouseholdImportProblem>;

/** What an import did (or, in a dry run, would do). */
export const HouseholdImportSummary = z.object({
	/** Data rows read (heading, total and signature rows not counted). */
	rows: z.number().int(),
	/** New households. */
	imported: z.number().int(),
	/** Households already registered whose details or classification changed. */
	updated: z.number().int(),
	/** Households already registered exactly as the row says. */
	unchanged: z.number().int(),
	/** Possible duplicates flagged for an officer to merge or dismiss. */
	duplicates: z.number().int(),
	/** Rows refused, each with its reasons. */
	errors: z.array(HouseholdImportProblem)
});
export type HouseholdImportSummary = z.infer<typeof HouseholdImportSummary>;

/** The refused rows as the file had them, for the download with a reason column. */
export interface RejectedRows {
	/** The file's header labels, in column order. */
	header: string[];
	rows: { row: number; cells: string[] }[];
}

const unitCode = z
	.string()
	.trim()
	.min(1)
	.max(40)
	.regex(/^[A-Za-z0-9._-]+$/);

const flag = z
	.enum(['true', 'false', '1', '0'])
	.transform((v) => v === 'true' || v === '1')
	.optional();

export const HouseholdImportQuery = z
	.object({
		/** Code of the commune (rows name their village in a "Thôn" column) or of one village. */
		unit: unitCode,
		/** The year the rows' categories are for (default: this year). */
		year: z.coerce.number().int().min(2000).max(2100).optional(),
		/** Check the file and count what would change, storing nothing. */
		dryRun: flag,
		/** Answer when the import has finished, not as soon as it has started. */
		wait: flag,
		/** The file's name, for the upload history (the raw body carries none). */
		fileName: z.string().trim().max(200).optional()
	})
	.strict();
export type HouseholdImportQuery = z.infer<typeof HouseholdImportQuery>;

export const HouseholdImportParams = z.object({ id: z.uuid() });

export const importStatuses = ['running', 'done', 'failed'] as const;
export const importPhases = ['reading', 'writing', 'done'] as const;

/** An import as the progress page and the API see it. */
export const HouseholdImportStatus = z.object({
	id: z.uuid(),
	status: z.enum(importStatuses),
	phase: z.enum(importPhases),
	dryRun: z.boolean(),
	unitCode: z.string(),
	unitName: z.string(),
	year: z.number().int(),
	fileName: z.string(),
	startedAt: z.string(),
	finishedAt: z.string().nullable(),
	/** Rows read from the file so far, and written to the register so far. */
	rowsRead: z.number().int(),
	rowsWritten: z.number().int(),
	/** Rows to write, known once the file has been read. */
	rowsTotal: z.number().int().nullable(),
	/** 0–100. */
	percent: z.number(),
	/** False when the import is recorded as running but no process of this server is running it. */
	live: z.boolean(),
	/** Why it failed, in the reader's language. */
	error: z.string().nullable(),
	summary: HouseholdImportSummary.nullable(),
	/** Where the refused rows download as XLSX, when there are any. */
	rejectedUrl: z.string().nullable(),
	/** Rows refused (a row may have several errors); stays after their details are removed. */
	rejectedRows: z.number().int(),
	/**
	 * Calendar day (Việt Nam) until which the refused rows' details (their cells and messages:
	 * personal data) are kept; null when there are none or they are already removed.
	 */
	rejectedKeptUntil: z.string().nullable(),
	/** When the refused rows' details were removed (the counts stay). */
	rejectedRemovedAt: z.string().nullable()
});
export type HouseholdImportStatus = z.infer<typeof HouseholdImportStatus>;
