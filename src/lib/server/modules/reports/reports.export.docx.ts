import { renderDocx, type DocumentBlock, type OfficialDocument } from '../../documents';
import { t } from '../../../i18n';
import { periodLabel } from '../../periods';
import type { ReportNarrative } from './reports.tables';
import type { ReportExportSource } from './reports.export.source';

/**
 * A report as an official document (BC-UBND): the Decree 30 frame is the one renderer's
 * (documents/); this supplies the header fields and the body: I. results with the figures table,
 * II. shortcomings and causes, III. proposals, the closing line. Official documents are written
 * in Vietnamese whatever the reader's language.
 */

const vi = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => t('vi', key, params);

/** 1.234.567 and 45,5 as Vietnamese documents print numbers. */
export function formatNumber(value: number): string {
	return value.toLocaleString('vi-VN', { maximumFractionDigits: 1 });
}

/** "Xã Hà Bình" → "Hà Bình": the place name of the place-and-date line. */
export function placeName(unitName: string): string {
	return unitName.replace(/^(Tỉnh|Thành phố|Xã|Phường|Đặc khu|Thị trấn|Huyện|Thôn|Bản|Buôn|Làng|Tổ dân phố|Ấp|Khu phố)\s+/iu, '').trim();
}

/** The body that speaks for a unit: "UBND xã Hà Bình"; a village speaks for itself ("Thôn Đông Sơn"). */
export function bodyName(unit: { name: string; level: string }): string {
	if (unit.level === 'village') return unit.name;
	return `UBND ${unit.name.charAt(0).toLocaleLowerCase('vi')}${unit.name.slice(1)}`;
}

/** "Quý 1/2026" → "quý 1/2026" inside a sentence. */
const periodInText = (label: string) => label.charAt(0).toLocaleLowerCase('vi') + label.slice(1);

/** A narrative section as paragraphs: one per non-empty line; "Không có." when nothing was written. */
function narrativeParagraphs(narrative: ReportNarrative, section: keyof ReportNarrative): DocumentBlock[] {
	const lines = (narrative[section] ?? '')
		.split(/\r?\n/)
		.map((l) => l.trim())
		.filter(Boolean);
	if (!lines.length) return [{ kind: 'paragraph', text: vi('reports.export.doc.none') }];
	return lines.map((line) => {
		const m = /^([-–•+]|[a-zđ]\)|\d+[.)])\s+(.*)$/u.exec(line);
		return m ? { kind: 'paragraph', marker: m[1] === '•' || m[1] === '–' ? '-' : m[1], text: m[2] } : { kind: 'paragraph', text: line };
	});
}

/** The report in the official layout, as the renderer's model. */
export function reportToOfficialDocument(src: ReportExportSource): OfficialDocument {
	const village = src.unit.level === 'village';
	const period = periodInText(periodLabel(src.period, 'vi'));
	const issuerName = bodyName(src.unit);
	const figuresTable: DocumentBlock = {
		kind: 'table',
		caption: null,
		header: [vi('reports.export.doc.colNo'), vi('reports.export.doc.colIndicator'), vi('reports.export.doc.colUnit'), vi('reports.export.doc.colValue')],
		rows: src.indicators.map((m, i) => {
			const v = src.values[m.code];
			const shown = m.hidden ? vi('reports.export.doc.notShown') : v === null || v === undefined ? vi('reports.export.doc.notAvailable') : formatNumber(v);
			return [String(i + 1), m.nameVi, m.unitVi, shown];
		}),
		widths: [8, 52, 18, 22],
		numericColumns: [3]
	};
	const body: DocumentBlock[] = [
		{ kind: 'paragraph', text: vi('reports.export.doc.intro', { issuer: issuerName, period }) },
		{ kind: 'heading', level: 1, number: 'I.', text: vi('reports.export.doc.results') },
		...narrativeParagraphs(src.report.narrative, 'results'),
		{ kind: 'paragraph', text: [{ text: vi('reports.export.doc.figures') + ':', bold: true }] },
		figuresTable,
		...(src.report.missingNote?.trim() ? [{ kind: 'paragraph' as const, text: [{ text: vi('reports.export.doc.missing', { note: src.report.missingNote.trim() }), italic: true }] }] : []),
		{ kind: 'heading', level: 1, number: 'II.', text: vi('reports.export.doc.shortcomings') },
		{ kind: 'heading', level: 2, number: '1.', text: vi('reports.export.doc.shortcomingsSub') },
		...narrativeParagraphs(src.report.narrative, 'shortcomings'),
		{ kind: 'heading', level: 2, number: '2.', text: vi('reports.export.doc.causes') },
		...narrativeParagraphs(src.report.narrative, 'causes'),
		{ kind: 'heading', level: 1, number: 'III.', text: vi('reports.export.doc.proposals') },
		...narrativeParagraphs(src.report.narrative, 'proposals'),
		{ kind: 'paragraph', text: vi('reports.export.doc.closing', { issuer: issuerName, period }) }
	];
	const parentBody = src.parent ? bodyName(src.parent) : null;
	return {
		language: 'vi',
		parentIssuer: village && parentBody ? parentBody : null,
		issuer: village ? [src.unit.name] : ['Ủy ban nhân dân', src.unit.name],
		number: null,
		symbol: village ? 'BC' : 'BC-UBND',
		place: placeName(src.unit.name),
		date: src.report.approvedOn ?? src.report.submittedOn,
		documentType: 'Báo cáo',
		title: vi('reports.export.doc.summary', { period }),
		body,
		recipients: [...(parentBody ? [vi('reports.export.doc.recipientAbove', { unit: parentBody })] : []), vi('reports.export.doc.recipientFile')],
		signer: village
			? { authority: null, title: vi('reports.export.doc.signerVillage'), name: src.report.approverName }
			: { authority: vi('reports.export.doc.authority'), title: vi('reports.export.doc.signerTitle'), name: src.report.approverName }
	};
}

/** The report as a Word file in the BC-UBND layout. */
export function renderReportDocx(src: ReportExportSource): Promise<Buffer> {
	return renderDocx(reportToOfficialDocument(src));
}
