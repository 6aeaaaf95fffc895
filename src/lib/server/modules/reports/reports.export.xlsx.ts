import ExcelJS from 'exceljs';
import { t, type Locale, type MessageKey } from '../../../i18n';
import { periodLabel } from '../../periods';
import type { ReportExportSource } from './reports.export.source';

/**
 * A report's figures as a workbook in the style of the programme's monitoring forms (Circular
 * 10/2022/TT-BLĐTBXH): title rows, the reporting unit and period, then a table with the
 * indicators as numbered columns (name, unit of measure, column number) and one row per unit
 * below (villages of a commune, communes of a province), a row for what the unit did itself, and
 * the unit's total. Counts add up: the jointly-held row is the total less the rows below, so the
 * total row equals the sum of the rows above it. Shares and entered figures do not add up: their
 * columns are marked * and the jointly-held cell is left empty; a note row says so.
 */

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const formulaLike = /^(?:[=+@\t\r]|-.*[(|!])/;
/** Text from data (unit names) never runs as a formula when the sheet is opened. */
const safeText = (s: string) => (formulaLike.test(s) ? `'${s}` : s);

export interface SheetLayout {
	/** Row numbers (1-based) of the table, for readers and tests. */
	headerRow: number;
	firstDataRow: number;
	ownRow: number;
	totalRow: number;
	/** Column (1-based) of the first indicator. */
	firstIndicatorColumn: number;
}

/** The first row of the table's header (rows above are the title block). */
const HEADER_ROW = 7;

export async function renderReportXlsx(src: ReportExportSource, locale: Locale, at: Date = new Date()): Promise<{ body: Buffer; layout: SheetLayout }> {
	const _ = (key: MessageKey, params?: Record<string, string | number>) => t(locale, key, params);
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Lan Tỏa';
	const sheet = workbook.addWorksheet(_('reports.export.sheet.name'), {
		pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
		views: [{ state: 'frozen', xSplit: 2, ySplit: HEADER_ROW + 2 }]
	});
	const metas = src.indicators;
	const lastColumn = 2 + metas.length;
	const bold = { bold: true, name: 'Times New Roman', size: 12 };
	const plain = { name: 'Times New Roman', size: 12 };
	const thin = { style: 'thin' as const };
	const border = { top: thin, left: thin, bottom: thin, right: thin };
	const unitName = (n: { name: string }) => safeText(n.name);
	const name = (m: (typeof metas)[number]) => (locale === 'vi' ? m.nameVi : m.nameEn);
	const measure = (m: (typeof metas)[number]) => (locale === 'vi' ? m.unitVi : m.unitEn);

	const titleLine = (row: number, text: string, font: Partial<ExcelJS.Font>) => {
		sheet.mergeCells(row, 1, row, Math.max(lastColumn, 4));
		const cell = sheet.getCell(row, 1);
		cell.value = text;
		cell.font = font;
		cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
	};
	titleLine(1, _('reports.export.sheet.title'), { ...bold, size: 14 });
	titleLine(2, _('reports.export.sheet.basis'), { ...plain, italic: true });
	titleLine(3, _('reports.export.sheet.unit', { unit: src.unit.name }), bold);
	titleLine(4, _('reports.export.sheet.period', { period: periodLabel(src.period, locale) }), bold);
	titleLine(5, `${locale === 'vi' ? src.form.nameVi : src.form.nameEn}`, { ...plain, italic: true });

	// Header: numbered indicator names, units of measure, column numbers (A, B, (1), (2) …).
	const header = sheet.getRow(HEADER_ROW);
	header.values = [_('reports.export.sheet.colNo'), _('reports.export.sheet.colUnit'), ...metas.map((m, i) => `${i + 1}. ${name(m)}${m.additive ? '' : ' (*)'}`)];
	const units = sheet.getRow(HEADER_ROW + 1);
	units.values = ['', _('reports.export.sheet.measure'), ...metas.map(measure)];
	const numbers = sheet.getRow(HEADER_ROW + 2);
	numbers.values = ['A', 'B', ...metas.map((_m, i) => `(${i + 1})`)];
	for (const r of [header, units, numbers])
		for (let c = 1; c <= lastColumn; c++) {
			const cell = r.getCell(c);
			cell.font = r === numbers ? { ...plain, italic: true } : bold;
			cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
			cell.border = border;
		}
	header.height = 75;

	const numberFormat = (m: (typeof metas)[number]) => (m.unitVi === '%' ? '0.0' : '#,##0');
	const writeRow = (rowNumber: number, no: string, label: string, values: (number | null)[], font = plain) => {
		const row = sheet.getRow(rowNumber);
		row.getCell(1).value = no;
		row.getCell(2).value = label;
		values.forEach((v, i) => {
			const cell = row.getCell(3 + i);
			if (metas[i].hidden) cell.value = _('reports.export.sheet.notShown');
			else {
				cell.value = v;
				cell.numFmt = numberFormat(metas[i]);
			}
		});
		for (let c = 1; c <= lastColumn; c++) {
			const cell = row.getCell(c);
			cell.font = font;
			cell.border = border;
			cell.alignment = c === 2 ? { wrapText: true, vertical: 'middle' } : { horizontal: c === 1 ? 'center' : 'right', vertical: 'middle' };
		}
	};

	let rowNumber = HEADER_ROW + 3;
	const firstDataRow = rowNumber;
	src.children.forEach((child, i) => {
		writeRow(rowNumber++, String(i + 1), unitName(child.unit), metas.map((m) => child.values[m.code] ?? null));
	});
	// What the unit did itself: for counts, the total less the rows below; nothing for the rest.
	const own = metas.map((m) => {
		const total = src.values[m.code];
		if (!m.additive || total === null || total === undefined) return null;
		return total - src.children.reduce((n, c) => n + (c.values[m.code] ?? 0), 0);
	});
	const ownRow = rowNumber++;
	writeRow(ownRow, String(src.children.length + 1), _('reports.export.sheet.own', { unit: src.unit.name }), own);
	const totalRow = rowNumber++;
	writeRow(totalRow, '', _('reports.export.sheet.total', { unit: src.unit.name }), metas.map((m) => src.values[m.code] ?? null), bold);

	// Notes: how the rows add up, reach, what is not additive, where the figures come from.
	rowNumber++;
	const stamp = at.toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });
	const notes = [
		_('reports.export.sheet.noteAdditive'),
		...(metas.some((m) => m.reach && !m.hidden) ? [_('reports.export.sheet.noteReach')] : []),
		...(metas.some((m) => m.hidden) ? [_('reports.export.sheet.noteNotShown')] : []),
		...(metas.some((m) => !m.additive) ? [_('reports.export.sheet.noteNotAdditive')] : []),
		src.frozen ? _('reports.export.sheet.noteFrozen', { date: src.report.approvedOn ?? '' }) : _('reports.export.sheet.noteLive', { date: stamp }),
		_('reports.export.sheet.notAvailable')
	];
	const notesRow = sheet.getRow(rowNumber++);
	notesRow.getCell(1).value = _('reports.export.sheet.notes');
	notesRow.getCell(1).font = { ...bold, italic: true };
	for (const note of notes) {
		sheet.mergeCells(rowNumber, 1, rowNumber, Math.max(lastColumn, 4));
		const cell = sheet.getCell(rowNumber, 1);
		cell.value = `- ${note}`;
		cell.font = { ...plain, italic: true };
		cell.alignment = { wrapText: true, vertical: 'top' };
		sheet.getRow(rowNumber).height = Math.max(18, Math.ceil(note.length / Math.max(60, lastColumn * 14)) * 16);
		rowNumber++;
	}
	rowNumber++;
	const signatures = sheet.getRow(rowNumber);
	signatures.getCell(2).value = _('reports.export.sheet.preparedBy');
	signatures.getCell(Math.max(lastColumn - 1, 3)).value = _('reports.export.sheet.approvedBy');
	signatures.font = bold;

	sheet.getColumn(1).width = 6;
	sheet.getColumn(2).width = 34;
	for (let c = 3; c <= lastColumn; c++) sheet.getColumn(c).width = 16;
	const body = Buffer.from(await workbook.xlsx.writeBuffer());
	return { body, layout: { headerRow: HEADER_ROW, firstDataRow, ownRow, totalRow, firstIndicatorColumn: 3 } };
}
