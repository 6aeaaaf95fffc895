import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { units } from '../units/units.tables';
import { activities, activityCounts, activityHouseholds, activityCosts, type ActivityMaterial } from '../activities/activities.tables';

/** An activity as the tests need it, written straight into the tables (the activities service validates its own input). */
export interface ActivityFixture {
	unitCode: string;
	channel: string;
	date: string;
	status?: 'planned' | 'done' | 'verified';
	covered?: string[];
	households?: string[];
	counts?: Record<string, number>;
	cost?: number | null;
	costLines?: { source: string; amount: number }[];
	materials?: Partial<ActivityMaterial>[];
	contentId?: string | null;
	planId?: string | null;
	title?: string;
}

let counter = 0;

/** Inserts one activity with its households, counts and cost lines; returns its id. */
export async function insertActivity(db: Db, f: ActivityFixture): Promise<string> {
	const codes = [f.unitCode, ...(f.covered ?? [])];
	const found = await db.select({ id: units.id, code: units.code }).from(units).where(inArray(units.code, codes));
	const idOf = (code: string) => {
		const row = found.find((u) => u.code === code);
		if (!row) throw new Error(`no unit ${code}`);
		return row.id;
	};
	const [row] = await db
		.insert(activities)
		.values({
			unitId: idOf(f.unitCode),
			coveredUnitIds: (f.covered ?? []).map(idOf),
			channelCode: f.channel,
			title: f.title ?? `Hoạt động thử ${++counter}`,
			date: f.date,
			status: f.status ?? 'verified',
			cost: f.cost ?? null,
			materials: (f.materials ?? []).map((m) => ({ label: m.label ?? 'Tờ rơi', printed: m.printed ?? null, handedOut: m.handedOut ?? null, contentId: m.contentId ?? null })),
			contentId: f.contentId ?? null,
			planId: f.planId ?? null,
			source: 'demo'
		})
		.returning({ id: activities.id });
	if (f.households?.length) await db.insert(activityHouseholds).values(f.households.map((householdId) => ({ activityId: row.id, householdId, how: 'picked' })));
	const counts = Object.entries(f.counts ?? {});
	if (counts.length) await db.insert(activityCounts).values(counts.map(([groupCode, count]) => ({ activityId: row.id, groupCode, count })));
	if (f.costLines?.length) await db.insert(activityCosts).values(f.costLines.map((l) => ({ activityId: row.id, sourceCode: l.source, amount: l.amount })));
	return row.id;
}
