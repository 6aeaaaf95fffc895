import type { Actor } from '../../access/actor';
import { can } from '../../access/actor';
import { parsePeriod, periodLabel } from '../../periods';
import { reachIndicatorCodes } from '../indicators/indicators.engine';
import type { ReportFigure } from './reports.tables';
import { narrativeSections } from './reports.tables';
import type { IndicatorRow, PeriodLockRow, ReportWithUnit } from './reports.repository';
import type { ChildStatus } from './reports.figures';
import { isEnterable } from './reports.figures';
import type { ReportStatus } from './reports.schemas';
import { canAcceptReport, canApproveReport, canEditReport } from './reports.policy';

function periodOf(key: string) {
	const p = parsePeriod(key);
	return p ? { key: p.key, type: p.type, from: p.from, to: p.to, label: { vi: periodLabel(p, 'vi'), en: periodLabel(p, 'en') } } : { key, type: null, from: null, to: null, label: { vi: key, en: key } };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A row of the report list (API and page). */
export function presentListItem(row: ReportWithUnit) {
	return {
		id: row.report.id,
		form: { code: row.form.code, name: { vi: row.form.nameVi, en: row.form.nameEn }, periodType: row.form.periodType },
		unit: { code: row.unit.code, name: row.unit.name, level: row.unit.level },
		period: periodOf(row.report.periodKey),
		status: row.report.status as ReportStatus,
		dueOn: row.report.dueOn,
		submittedAt: iso(row.report.submittedAt),
		version: row.report.version,
		updatedAt: row.report.updatedAt.toISOString()
	};
}
export type ReportListItem = ReturnType<typeof presentListItem>;

export interface ShownReportFigure extends ReportFigure {
	name: { vi: string; en: string };
	measure: { vi: string; en: string };
	/** May this figure be entered by hand (manual kind, or not computed from records)? */
	enterable: boolean;
	/** Where the records behind a computed figure are listed (API and page); null otherwise. */
	records: { api: string; page: string } | null;
}

/** The whole report as the actor may see it, with what they may do next. */
export function presentReport(
	actor: Actor,
	row: ReportWithUnit,
	parts: {
		figures: ReportFigure[];
		catalogue: IndicatorRow[];
		children: ChildStatus[] | null;
		lock: PeriodLockRow | null;
		history: { action: string; comment: string | null; at: Date; actorName: string | null }[];
	}
) {
	const { report, unit, form } = row;
	const byCode = new Map(parts.catalogue.map((i) => [i.code, i]));
	const mayCount = can(actor, 'households.counts', unit.path);
	const figures: ShownReportFigure[] = parts.figures.map((f) => {
		const ind = byCode.get(f.code);
		const hidden = reachIndicatorCodes.includes(f.code) && !mayCount;
		return {
			code: f.code,
			value: hidden ? null : f.value,
			status: hidden ? 'not_permitted' : f.status,
			name: { vi: ind?.nameVi ?? f.code, en: ind?.nameEn ?? f.code },
			measure: { vi: ind?.unitVi ?? '', en: ind?.unitEn ?? '' },
			enterable: isEnterable(f.code),
			records:
				f.status === 'computed' && !hidden
					? { api: `/api/v1/reports/${report.id}/figures/${encodeURIComponent(f.code)}/records`, page: `/app/reports/${report.id}/records/${encodeURIComponent(f.code)}` }
					: null
		};
	});
	const editable = report.status === 'draft' || report.status === 'returned';
	const ru = { id: unit.id, path: unit.path, parentPath: unit.parentPath };
	const mayEdit = canEditReport(actor, ru);
	const mayApprove = canApproveReport(actor, ru);
	const mayAccept = canAcceptReport(actor, ru);
	const missing = parts.children?.filter((c) => !c.complete) ?? [];
	return {
		id: report.id,
		form: { code: form.code, name: { vi: form.nameVi, en: form.nameEn }, periodType: form.periodType, level: form.level, dueDays: form.dueDays },
		unit: { code: unit.code, name: unit.name, level: unit.level },
		parent: unit.parentName ? { name: unit.parentName } : null,
		period: periodOf(report.periodKey),
		status: report.status as ReportStatus,
		dueOn: report.dueOn,
		version: report.version,
		frozen: report.figures !== null,
		figures,
		manualFigures: report.manualFigures ?? {},
		narrative: Object.fromEntries(narrativeSections.map((s) => [s, report.narrative?.[s] ?? ''])) as Record<(typeof narrativeSections)[number], string>,
		missingNote: report.missingNote,
		returnComment: report.returnComment,
		submittedAt: iso(report.submittedAt),
		approvedAt: iso(report.approvedAt),
		acceptedAt: iso(report.acceptedAt),
		returnedAt: iso(report.returnedAt),
		updatedAt: report.updatedAt.toISOString(),
		lock: parts.lock ? { lockedAt: parts.lock.lockedAt.toISOString(), from: parts.lock.startsOn, to: parts.lock.endsOn } : null,
		children: parts.children,
		missingChildren: missing.map((c) => ({ code: c.code, name: c.name, periods: c.reports.filter((r) => !r.in).map((r) => r.periodKey) })),
		history: parts.history.map((h) => ({ action: h.action, comment: h.comment, at: h.at.toISOString(), actorName: h.actorName })),
		allowed: {
			edit: editable && mayEdit,
			submit: editable && mayEdit,
			approve: report.status === 'submitted' && mayApprove,
			accept: report.status === 'approved' && mayAccept,
			return: (report.status === 'submitted' || report.status === 'approved') && mayAccept,
			unlock: (report.status === 'approved' || report.status === 'accepted') && parts.lock !== null && mayAccept
		}
	};
}
export type ReportView = ReturnType<typeof presentReport>;
