import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { escapeLike } from '../../access/actor';
import { rowsOf } from '../activities/activities.reach';

/** Training of a unit's subtree over a period, for dashboards and reports. */
export interface TrainingSummary {
	/** Courses that began in the period. */
	courses: number;
	trainees: number;
	attended: number;
	/** Attended trainees by where they came from: staff (users), the communicator network, households, others. */
	byGroup: { user: number; communicator: number; household: number; other: number };
	/** Mean of post minus pre score over attended trainees with both scores, one decimal; null when none. */
	averageGain: number | null;
	certificates: number;
	/** Active members of the communicator network registered in the subtree (today, not by period). */
	communicators: number;
}

/**
 * The training figures of everything under `scopeUnitPath` for courses beginning between two
 * calendar dates inclusive. Scope and authorisation are the caller's.
 */
export async function trainingSummary(db: Db, scopeUnitPath: string, startDate: string, endDate: string): Promise<TrainingSummary> {
	const prefix = escapeLike(scopeUnitPath) + '%';
	const [row] = await rowsOf<Record<string, unknown>>(
		db,
		sql`WITH c AS (
			SELECT c.id FROM training_courses c JOIN units u ON u.id = c.unit_id
			WHERE u.path LIKE ${prefix} AND c.from_date BETWEEN ${startDate}::date AND ${endDate}::date
		), t AS (SELECT t.* FROM training_trainees t WHERE t.course_id IN (SELECT id FROM c))
		SELECT (SELECT count(*) FROM c) AS courses,
			(SELECT count(*) FROM t) AS trainees,
			(SELECT count(*) FROM t WHERE attended) AS attended,
			(SELECT count(*) FROM t WHERE attended AND kind = 'user') AS g_user,
			(SELECT count(*) FROM t WHERE attended AND kind = 'communicator') AS g_communicator,
			(SELECT count(*) FROM t WHERE attended AND kind = 'household') AS g_household,
			(SELECT count(*) FROM t WHERE attended AND kind = 'other') AS g_other,
			(SELECT round(avg(post_score - pre_score), 1) FROM t WHERE attended AND pre_score IS NOT NULL AND post_score IS NOT NULL) AS gain,
			(SELECT count(*) FROM training_certificates x WHERE x.trainee_id IN (SELECT id FROM t)) AS certificates,
			(SELECT count(*) FROM communicators m JOIN units u ON u.id = m.unit_id WHERE u.path LIKE ${prefix} AND m.active) AS communicators`
	);
	const n = (v: unknown) => Number(v ?? 0);
	return {
		courses: n(row.courses),
		trainees: n(row.trainees),
		attended: n(row.attended),
		byGroup: { user: n(row.g_user), communicator: n(row.g_communicator), household: n(row.g_household), other: n(row.g_other) },
		averageGain: row.gain === null || row.gain === undefined ? null : Number(row.gain),
		certificates: n(row.certificates),
		communicators: n(row.communicators)
	};
}
