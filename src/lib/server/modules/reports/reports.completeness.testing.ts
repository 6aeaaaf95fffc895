import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { units } from '../units/units.tables';
import { reportForms, reports, type ReportFigure, type ReportNarrative } from './reports.tables';

// Test helpers for completeness, reminders and exports: forms and reports written straight into
// the tables (the report workflow has its own tests), so each test states exactly what exists.

export async function insertForm(db: Db, over: Partial<typeof reportForms.$inferInsert> & { code: string; level: string; periodType: string }) {
	await db.insert(reportForms).values({ nameVi: `Mẫu ${over.code}`, nameEn: `Form ${over.code}`, dueDays: 5, ...over });
}

export interface ReportFixture {
	form: string;
	unitCode: string;
	period: string;
	status?: 'draft' | 'submitted' | 'approved' | 'accepted' | 'returned';
	dueOn: string;
	submittedAt?: string | null;
	approvedAt?: string | null;
	figures?: ReportFigure[] | null;
	manualFigures?: Record<string, number>;
	narrative?: ReportNarrative;
	missingNote?: string | null;
	approvedBy?: string | null;
}

export async function unitIdOf(db: Db, code: string): Promise<string> {
	const [row] = await db.select({ id: units.id }).from(units).where(eq(units.code, code));
	if (!row) throw new Error(`no unit ${code}`);
	return row.id;
}

/** Inserts one report; returns its id. */
export async function insertReport(db: Db, f: ReportFixture): Promise<string> {
	const [row] = await db
		.insert(reports)
		.values({
			formCode: f.form,
			unitId: await unitIdOf(db, f.unitCode),
			periodKey: f.period,
			status: f.status ?? 'draft',
			dueOn: f.dueOn,
			submittedAt: f.submittedAt ? new Date(f.submittedAt) : null,
			approvedAt: f.approvedAt ? new Date(f.approvedAt) : null,
			approvedBy: f.approvedBy ?? null,
			figures: f.figures ?? null,
			manualFigures: f.manualFigures ?? {},
			narrative: f.narrative ?? {},
			missingNote: f.missingNote ?? null
		})
		.returning({ id: reports.id });
	return row.id;
}
