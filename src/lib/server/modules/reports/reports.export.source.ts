import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { can, type Actor } from '../../access/actor';
import { AppError } from '../../errors';
import { requirePeriod, type Period } from '../../periods';
import { indicators } from '../catalog/catalog.tables';
import { computeIndicators, reachIndicatorCodes } from '../indicators/indicators.engine';
import { units } from '../units/units.tables';
import { users } from '../users/users.tables';
import { reportForms, reports, type ReportFigure, type ReportNarrative } from './reports.tables';
import { selectUnitsByIds, type UnitRow } from './reports.completeness.repository';

/**
 * Everything an export of one report needs, read straight from the tables: the report, its form
 * and unit, the unit's parent (recipient) and children (rows of the figures sheet), the catalogue
 * entries of the form's indicators, and the figures. An approved or accepted report carries its
 * frozen figures; a draft, submitted or returned one is computed now by the indicator engine,
 * with the entered figures of manual indicators.
 */

export interface IndicatorMeta {
	code: string;
	nameVi: string;
	nameEn: string;
	unitVi: string;
	unitEn: string;
	kind: string;
	/** Whether figures of the units below add up to the unit's (counts do; shares and entered figures do not). */
	additive: boolean;
	/** Deduplicated household reach: adds up across villages because each household lives in one. */
	reach: boolean;
	/**
	 * Household reach the reader may not see (no households.counts on the report's unit, e.g. a
	 * finance officer): its values are null everywhere and the files say "not shown".
	 */
	hidden: boolean;
}

export interface ChildFigures {
	unit: Pick<UnitRow, 'id' | 'code' | 'name' | 'level'>;
	/** Value by indicator code (null: no figure). */
	values: Record<string, number | null>;
	/** True when taken from the child's own approved report rather than computed now. */
	frozen: boolean;
}

export interface ReportExportSource {
	report: {
		id: string;
		status: string;
		periodKey: string;
		narrative: ReportNarrative;
		missingNote: string | null;
		/** Việt Nam date of approval / submission, when there was one. */
		approvedOn: string | null;
		submittedOn: string | null;
		approverName: string | null;
	};
	form: { code: string; nameVi: string; nameEn: string; level: string };
	period: Period;
	unit: UnitRow;
	parent: UnitRow | null;
	indicators: IndicatorMeta[];
	/** The report's own figures by code. */
	values: Record<string, number | null>;
	frozen: boolean;
	children: ChildFigures[];
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const frozenStatuses = ['approved', 'accepted'];

const vnDate = (d: Date | null) => (d ? d.toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' }) : null);

const notFound = () => new AppError('NOT_FOUND', 'reports.export.notFound');

/** The report's row and unit, when it exists and the actor may read it there (else 404, out of reach included). */
export async function readableReport(db: Db, actor: Actor, id: string) {
	if (!uuidPattern.test(id)) throw notFound();
	const [row] = await db
		.select({ report: reports, unitPath: units.path })
		.from(reports)
		.innerJoin(units, eq(units.id, reports.unitId))
		.where(eq(reports.id, id))
		.limit(1);
	// Out of reach answers like absent, so report ids of other communes cannot be probed.
	if (!row || !can(actor, 'reports.read', row.unitPath)) throw notFound();
	return row.report;
}

/** Figures by code: frozen ones as stored, live ones from the engine plus entered figures. */
function valuesOf(figures: ReportFigure[], manual: Record<string, number>, metas: IndicatorMeta[]): Record<string, number | null> {
	const out: Record<string, number | null> = {};
	for (const m of metas) {
		const f = figures.find((x) => x.code === m.code);
		out[m.code] = f?.value ?? (typeof manual[m.code] === 'number' ? manual[m.code] : null);
	}
	return out;
}

async function liveValues(db: Db, unitPath: string, period: Period, metas: IndicatorMeta[], manual: Record<string, number>) {
	const figures = await computeIndicators(
		db,
		{ unitPath },
		period,
		metas.map((m) => m.code)
	);
	return valuesOf(figures, manual, metas);
}

/** Loads what the exports of a report need; 404 when absent or out of the actor's reach. */
export async function loadReportExport(db: Db, actor: Actor, id: string): Promise<ReportExportSource> {
	const report = await readableReport(db, actor, id);
	const [form] = await db.select().from(reportForms).where(eq(reportForms.code, report.formCode));
	const period = requirePeriod(report.periodKey);
	const [unit] = await selectUnitsByIds(db, [report.unitId]);
	const [parent] = unit.parentId ? await selectUnitsByIds(db, [unit.parentId]) : [];
	const catalogue = form.indicatorCodes.length ? await db.select().from(indicators).where(inArray(indicators.code, form.indicatorCodes)) : [];
	const mayCount = can(actor, 'households.counts', unit.path);
	const metas: IndicatorMeta[] = form.indicatorCodes.map((code) => {
		const c = catalogue.find((x) => x.code === code);
		const kind = c?.kind ?? 'computed';
		const unitVi = c?.unitVi ?? '';
		return {
			code,
			nameVi: c?.nameVi ?? code,
			nameEn: c?.nameEn ?? code,
			unitVi,
			unitEn: c?.unitEn ?? '',
			kind,
			additive: kind !== 'manual' && unitVi !== '%',
			reach: reachIndicatorCodes.includes(code),
			hidden: reachIndicatorCodes.includes(code) && !mayCount
		};
	});
	const frozen = frozenStatuses.includes(report.status) && Array.isArray(report.figures);
	const values = frozen ? valuesOf(report.figures!, report.manualFigures, metas) : await liveValues(db, unit.path, period, metas, report.manualFigures);

	// Rows of the figures sheet: the unit's children that existed at some time in the period, except
	// those merged into another of them, whose records the engine shows under their successor.
	const candidates = await db
		.select({ id: units.id, code: units.code, name: units.name, level: units.level, path: units.path, successorId: units.successorId })
		.from(units)
		.where(
			and(
				eq(units.parentId, unit.id),
				sql`(${units.validFrom} IS NULL OR ${units.validFrom} <= ${period.to}::date)`,
				sql`(${units.validTo} IS NULL OR ${units.validTo} >= ${period.from}::date)`
			)
		)
		.orderBy(units.code);
	const candidateIds = new Set(candidates.map((c) => c.id));
	const childRows = candidates.filter((c) => !c.successorId || !candidateIds.has(c.successorId));
	// A child's own report of the same period: its frozen figures when approved, its entered figures otherwise.
	const childReports = childRows.length
		? await db
				.select({ unitId: reports.unitId, status: reports.status, figures: reports.figures, manualFigures: reports.manualFigures })
				.from(reports)
				.where(and(eq(reports.periodKey, period.key), inArray(reports.unitId, childRows.map((c) => c.id))))
		: [];
	const children: ChildFigures[] = [];
	for (const c of childRows) {
		const own = childReports.filter((r) => r.unitId === c.id);
		const approved = own.find((r) => frozenStatuses.includes(r.status) && Array.isArray(r.figures));
		const manual = Object.assign({}, ...own.map((r) => r.manualFigures)) as Record<string, number>;
		const childValues = approved ? valuesOf(approved.figures!, approved.manualFigures, metas) : await liveValues(db, c.path, period, metas, manual);
		children.push({ unit: { id: c.id, code: c.code, name: c.name, level: c.level }, values: childValues, frozen: Boolean(approved) });
	}

	// What the reader may not see leaves here as null, so no file can carry it.
	for (const m of metas.filter((x) => x.hidden)) {
		values[m.code] = null;
		for (const c of children) c.values[m.code] = null;
	}

	const [approver] = report.approvedBy ? await db.select({ name: users.displayName }).from(users).where(eq(users.id, report.approvedBy)) : [];
	return {
		report: {
			id: report.id,
			status: report.status,
			periodKey: report.periodKey,
			narrative: report.narrative,
			missingNote: report.missingNote,
			approvedOn: vnDate(report.approvedAt),
			submittedOn: vnDate(report.submittedAt),
			approverName: approver?.name ?? null
		},
		form: { code: form.code, nameVi: form.nameVi, nameEn: form.nameEn, level: form.level },
		period,
		unit,
		parent: parent ?? null,
		indicators: metas,
		values,
		frozen,
		children
	};
}

