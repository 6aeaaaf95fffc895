import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { can, escapeLike, scopePaths } from '../../access/actor';
import { forbidden, invalid } from '../../errors';
import type { Locale } from '../../../i18n';
import { selectUnitByCode } from '../units/units.repository';
import { units } from '../units/units.tables';
import { eq, isNull, and, asc } from 'drizzle-orm';
import { calendar, today } from './feedback.calendar';

export interface DashboardFigures {
	received: number;
	answered: number;
	answeredOnTime: number;
	/** Open past their due date now. */
	overdue: number;
	/** Mean calendar days from receipt to the first answer, one decimal; null with no answer yet. */
	averageDaysToAnswer: number | null;
}

interface Bucket extends DashboardFigures {
	answerSeconds: number;
}

const empty = (): Bucket => ({ received: 0, answered: 0, answeredOnTime: 0, overdue: 0, averageDaysToAnswer: null, answerSeconds: 0 });
const finish = ({ answerSeconds, ...b }: Bucket): DashboardFigures => ({
	...b,
	averageDaysToAnswer: b.answered ? Math.round((answerSeconds / 86_400 / b.answered) * 10) / 10 : null
});

/** The unit a dashboard is for: the one asked, or the actor's own (the first in reach). */
async function dashboardUnit(db: Db, actor: Actor, code: string | undefined) {
	if (code) {
		const row = await selectUnitByCode(db, code);
		if (!row) throw invalid('feedback.unitUnknown', { code: code.slice(0, 40) });
		if (!can(actor, 'feedback.read', row.unit.path)) throw forbidden();
		return row.unit;
	}
	const paths = scopePaths(actor, 'feedback.read');
	if (paths && paths.length === 0) throw forbidden();
	const [first] = paths
		? await db.select().from(units).where(eq(units.path, paths[0])).limit(1)
		: await db.select().from(units).where(and(isNull(units.parentId), isNull(units.validTo))).orderBy(asc(units.code)).limit(1);
	if (!first) throw invalid('feedback.unitUnknown', { code: '' });
	return first;
}

/**
 * Received, answered on time, overdue and the average time to answer of one unit's subtree in one
 * year, in total, by category and by month of receipt. Merged duplicates count once (in the item
 * they went into).
 */
export async function feedbackDashboard(ctx: { db: Db; actor: Actor; locale?: Locale }, q: { unit?: string; year: number }) {
	const unit = await dashboardUnit(ctx.db, ctx.actor, q.unit);
	const todayVn = today();
	const result = await ctx.db.execute(sql`
		SELECT f.category_code AS category,
			to_char(f.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM') AS month,
			count(*)::int AS received,
			count(*) FILTER (WHERE f.first_answered_at IS NOT NULL)::int AS answered,
			count(*) FILTER (WHERE f.first_answered_at IS NOT NULL AND (f.first_answered_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <= f.due_date)::int AS on_time,
			count(*) FILTER (WHERE f.status IN ('received', 'assigned') AND f.due_date < ${todayVn}::date)::int AS overdue,
			coalesce(sum(extract(epoch FROM f.first_answered_at - f.received_at)) FILTER (WHERE f.first_answered_at IS NOT NULL), 0)::float8 AS answer_seconds
		FROM feedback_items f JOIN units u ON u.id = f.unit_id
		WHERE u.path LIKE ${escapeLike(unit.path) + '%'} AND f.merged_into_id IS NULL
			AND f.received_at >= ${`${q.year}-01-01T00:00:00+07:00`}::timestamptz AND f.received_at < ${`${q.year + 1}-01-01T00:00:00+07:00`}::timestamptz
		GROUP BY 1, 2`);
	const rows = (result as unknown as { rows: { category: string; month: string; received: number; answered: number; on_time: number; overdue: number; answer_seconds: number }[] }).rows;
	const total = empty();
	const byCategory = new Map<string, Bucket>();
	const byMonth = new Map<string, Bucket>();
	for (let m = 1; m <= 12; m++) byMonth.set(`${q.year}-${String(m).padStart(2, '0')}`, empty());
	for (const r of rows) {
		for (const b of [total, byCategory.get(r.category) ?? byCategory.set(r.category, empty()).get(r.category)!, byMonth.get(r.month)!]) {
			if (!b) continue;
			b.received += Number(r.received);
			b.answered += Number(r.answered);
			b.answeredOnTime += Number(r.on_time);
			b.overdue += Number(r.overdue);
			b.answerSeconds += Number(r.answer_seconds);
		}
	}
	const { categories } = await calendar(ctx.db);
	const locale = ctx.locale ?? 'vi';
	return {
		unit: { code: unit.code, name: unit.name },
		year: q.year,
		total: finish(total),
		byCategory: categories
			.filter((c) => byCategory.has(c.code) || c.active)
			.map((c) => ({ category: c.code, name: locale === 'vi' ? c.nameVi : c.nameEn, ...finish(byCategory.get(c.code) ?? empty()) })),
		byMonth: [...byMonth].map(([month, b]) => ({ month, ...finish(b) }))
	};
}
