import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { AppError } from '../../errors';
import { rowsOf } from '../activities/activities.reach';

/** A live lock (not unlocked) that covers a unit, with what the refusal message names. */
export interface CoveringLock {
	id: string;
	periodKey: string;
	reportId: string | null;
	lockedUnitName: string;
	parentName: string | null;
	formVi: string | null;
	formEn: string | null;
}

/**
 * The live locks covering a unit on any of the dates: a lock applies to its unit's whole subtree
 * (a commune's quarterly lock covers its villages), for the dates of its period.
 */
export async function coveringLocks(db: Db, unitId: string, dates: string[]): Promise<CoveringLock[]> {
	const days = [...new Set(dates.filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)))];
	if (!days.length || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(unitId)) return [];
	const rows = await rowsOf<{
		id: string;
		period_key: string;
		report_id: string | null;
		locked_unit_name: string;
		parent_name: string | null;
		form_vi: string | null;
		form_en: string | null;
	}>(
		db,
		sql`SELECT pl.id, pl.period_key, pl.report_id, lu.name AS locked_unit_name, pu.name AS parent_name, f.name_vi AS form_vi, f.name_en AS form_en
		FROM units u
		JOIN units lu ON starts_with(u.path, lu.path)
		JOIN period_locks pl ON pl.unit_id = lu.id AND pl.unlocked_at IS NULL
		LEFT JOIN units pu ON pu.id = lu.parent_id
		LEFT JOIN reports r ON r.id = pl.report_id
		LEFT JOIN report_forms f ON f.code = r.form_code
		WHERE u.id = ${unitId}::uuid
		AND EXISTS (SELECT 1 FROM unnest(${`{${days.join(',')}}`}::date[]) AS d(day) WHERE d.day BETWEEN pl.starts_on AND pl.ends_on)
		ORDER BY pl.locked_at`
	);
	return rows.map((r) => ({
		id: r.id,
		periodKey: r.period_key,
		reportId: r.report_id,
		lockedUnitName: r.locked_unit_name,
		parentName: r.parent_name,
		formVi: r.form_vi,
		formEn: r.form_en
	}));
}

/**
 * Refuses (LOCKED, 423) a write to records of `unitId` dated on any of `dates` while an approved
 * report's lock covers them; the message names the report and who can unlock it (the level above).
 * Called inside the writer's transaction, at every write path of an activity.
 */
export async function assertPeriodOpen(tx: Db, unitId: string, dates: string[]): Promise<void> {
	const [lock] = await coveringLocks(tx, unitId, dates);
	if (!lock) return;
	throw new AppError('LOCKED', 'reports.lock.closed', {
		unit: lock.lockedUnitName,
		period: lock.periodKey,
		// The form's official (Vietnamese) name in both languages: one set of placeholders.
		form: lock.formVi ?? lock.formEn ?? '—',
		parent: lock.parentName ?? '—'
	});
}

/** assertPeriodOpen for each of several units (an activity's unit and the units it covered). */
export async function assertPeriodsOpen(tx: Db, unitIds: (string | null | undefined)[], dates: string[]): Promise<void> {
	for (const id of new Set(unitIds.filter((u): u is string => !!u))) await assertPeriodOpen(tx, id, dates);
}
