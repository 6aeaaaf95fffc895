import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { removeOrphanTempFiles } from '../../../files/upload';
import { SPOOL_PREFIX } from './import.read';

/** Spooled uploads (files/upload.ts `saveUpload`): imports read them from there. */
const UPLOAD_SPOOL_PREFIX = 'lantoa-upload-';

/**
 * Retention of what an import keeps about the rows it refused. Those rows are personal data (the
 * cells as the file had them, messages naming values): they are kept REJECTED_KEEP_DAYS days
 * after the import ended, for the officer to download and correct, then removed; the summary's
 * counts (rows, imported, updated, unchanged, duplicates, rows refused) stay for good. A daily job
 * (jobs/registry.ts `household-imports-purge`) enforces it and also removes the temporary files of
 * uploads and row spools that a killed process left behind.
 */
export const REJECTED_KEEP_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The calendar day in Việt Nam until which an import's refused rows are kept. */
export function rejectedKeptUntil(finishedAt: Date): string {
	return new Date(finishedAt.getTime() + REJECTED_KEEP_DAYS * DAY_MS).toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });
}

/**
 * Removes the refused rows' details of imports that ended more than REJECTED_KEEP_DAYS days
 * before `now`, keeping their count (`rejectedRows`) and when they were removed
 * (`rejectedRemovedAt`). Returns how many imports it cleared.
 */
export async function purgeRejectedRows(db: Db, now: Date = new Date()): Promise<number> {
	const before = new Date(now.getTime() - REJECTED_KEEP_DAYS * DAY_MS);
	const result = await db.execute(sql`
		UPDATE household_imports SET summary = (summary - 'errors' - 'rejected') || jsonb_build_object(
			'errors', '[]'::jsonb,
			'rejectedRows', coalesce((summary ->> 'rejectedRows')::int,
				(SELECT count(DISTINCT e -> 'row')::int FROM jsonb_array_elements(coalesce(summary -> 'errors', '[]')) AS e)),
			'rejectedRemovedAt', ${now.toISOString()}::text)
		WHERE finished_at < ${before.toISOString()}::timestamptz AND summary IS NOT NULL
			AND (summary ? 'rejected' OR jsonb_array_length(coalesce(summary -> 'errors', '[]')) > 0)
		RETURNING id`);
	return (result as unknown as { rows: unknown[] }).rows.length;
}

/** The daily job: refused rows past their time, and temporary files of processes that are gone. */
export async function householdImportRetention(db: Db, now: Date = new Date()): Promise<{ imports: number }> {
	removeOrphanTempFiles(SPOOL_PREFIX);
	removeOrphanTempFiles(UPLOAD_SPOOL_PREFIX);
	return { imports: await purgeRejectedRows(db, now) };
}
