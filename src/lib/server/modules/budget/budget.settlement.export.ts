import { renderDocx, type DocumentBlock, type OfficialDocument } from '../../documents';
import { t } from '../../../i18n';
import type { Settlement } from './budget.settlement';
import { writeXlsx, type XlsxRow, type XlsxSheet } from '../../files/xlsx-writer';

/**
 * The settlement as files: the XLSX with every approved line behind the figures (grouped by
 * holder and source, with subtotals) and a summary sheet (one row per holder: a province's
 * communes); the DOCX cover in the official layout. Both are written in Vietnamese, as official
 * papers are. Every number written is an integer đồng from the settlement; the subtotals are
 * sums of the lines written above them, so the file reconciles to the đồng.
 */

const vi = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => t('vi', key, params);
/** Text that Excel would run as a formula is written with a leading apostrophe. */
const safe = (v: string | null) => (v && /^(?:[=+@\t\r]|-.*[(|!])/.test(v) ? `'${v}` : (v ?? ''));
const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

export const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function settlementFileName(s: Settlement, ext: 'xlsx' | 'docx'): string {
	return `quyet-toan-${s.unit.code}-${s.year}.${ext}`;
}

/** The workbook: a summary sheet (one row per holder) and the lines grouped by holder and source with subtotals. */
export async function renderSettlementXlsx(s: Settlement): Promise<Buffer> {
	const title = vi('budget.settlement.title', { year: s.year });
	const sourceName = new Map(s.sources.map((x) => [x.code, x.nameVi]));
	const holderName = new Map(s.holders.map((h) => [h.code, h.name]));
	const moneyColumns = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

	// Summary: one row per holder, allocated and settled per source, totals.
	const n = s.sources.length * 2 + 3;
	const numbersOf = (f: Settlement['total']) => [...s.sources.flatMap((x) => [f.bySource[x.code].allocated, f.bySource[x.code].settled]), f.allocated, f.settled, f.allocated - f.settled];
	const summary: XlsxSheet = {
		name: vi('budget.settlement.sheetSummary'),
		widths: [6, 12, 28, ...s.sources.flatMap(() => [16, 16]), 18, 18, 18],
		freeze: 4,
		rows: [
			{ cells: [title], bold: true },
			{ cells: [`${s.unit.name} — ${vi('budget.settlement.generated', { date: dmy(s.generatedOn) })}${s.pendingCount ? ' — ' + vi('budget.settlement.pendingNote', { count: s.pendingCount }) : ''}`] },
			{ cells: [] },
			{
				bold: true,
				cells: [
					vi('budget.settlement.colNo'),
					vi('budget.settlement.colCode'),
					vi('budget.settlement.colUnit'),
					...s.sources.flatMap((x) => [vi('budget.settlement.colAllocated', { source: x.nameVi }), vi('budget.settlement.colSettled', { source: x.nameVi })]),
					vi('budget.settlement.colAllocatedTotal'),
					vi('budget.settlement.colSettledTotal'),
					vi('budget.settlement.colRemaining')
				]
			},
			...s.holders.map((h, i) => ({ cells: [i + 1, h.code, h.name, ...numbersOf(h)], money: moneyColumns(3, n) })),
			{ cells: ['', '', vi('budget.settlement.total'), ...numbersOf(s.total)], bold: true, money: moneyColumns(3, n) }
		]
	};

	// Lines: grouped by holder and source, each group followed by its subtotal.
	const rows: XlsxRow[] = [
		{ cells: [title], bold: true },
		{
			bold: true,
			cells: [
				vi('budget.settlement.colNo'),
				vi('budget.settlement.colUnit'),
				vi('budget.settlement.colSource'),
				vi('budget.settlement.colSpentOn'),
				vi('budget.settlement.colActivity'),
				vi('budget.settlement.colActivityDate'),
				vi('budget.settlement.colPayee'),
				vi('budget.settlement.colDescription'),
				vi('budget.settlement.colAmount'),
				vi('budget.settlement.colReceipts'),
				vi('budget.settlement.colLineId')
			]
		}
	];
	const subtotal = (label: string, amount: number) => rows.push({ cells: ['', label, '', '', '', '', '', '', amount], bold: true, money: [8] });
	let count = 0;
	let grand = 0;
	for (let i = 0; i < s.lines.length; ) {
		const holder = s.lines[i].holderCode;
		let holderSum = 0;
		while (i < s.lines.length && s.lines[i].holderCode === holder) {
			const source = s.lines[i].source;
			let sourceSum = 0;
			while (i < s.lines.length && s.lines[i].holderCode === holder && s.lines[i].source === source) {
				const l = s.lines[i++];
				rows.push({
					cells: [++count, holderName.get(l.holderCode) ?? l.holderCode, sourceName.get(l.source) ?? l.source, dmy(l.spentOn), safe(l.activityTitle), dmy(l.activityDate), safe(l.payee), safe(l.description), l.amount, l.receipts, l.id],
					money: [8]
				});
				sourceSum += l.amount;
			}
			subtotal(vi('budget.settlement.subtotalSource', { source: sourceName.get(source) ?? source, unit: holderName.get(holder) ?? holder }), sourceSum);
			holderSum += sourceSum;
		}
		subtotal(vi('budget.settlement.subtotalUnit', { unit: holderName.get(holder) ?? holder }), holderSum);
		grand += holderSum;
	}
	subtotal(vi('budget.settlement.total'), grand);
	const detail: XlsxSheet = { name: vi('budget.settlement.sheetLines'), widths: [6, 26, 26, 12, 40, 12, 28, 36, 16, 10, 38], freeze: 2, rows };
	return writeXlsx([summary, detail]);
}

const fmt = (n: number) => n.toLocaleString('vi-VN');
const placeName = (name: string) => name.replace(/^(Tỉnh|Thành phố|Xã|Phường|Đặc khu|Thị trấn)\s+/iu, '').trim();
const bodyName = (name: string) => `UBND ${name.charAt(0).toLocaleLowerCase('vi')}${name.slice(1)}`;

/** The cover as the renderer's model: allocations with their decisions, settled figures by source (and by commune for a province). */
export function settlementCover(s: Settlement, parentName: string | null): OfficialDocument {
	const issuer = bodyName(s.unit.name);
	const name = (code: string) => s.sources.find((x) => x.code === code)?.nameVi ?? code;
	const holderName = new Map(s.holders.map((h) => [h.code, h.name]));
	const province = s.holders.length > 1;
	const usedSources = s.sources.filter((x) => s.total.bySource[x.code].allocated || s.total.bySource[x.code].settled);
	const body: DocumentBlock[] = [
		{ kind: 'paragraph', text: vi('budget.settlement.doc.intro', { issuer, year: s.year }) },
		{ kind: 'heading', level: 1, number: 'I.', text: vi('budget.settlement.doc.allocations') },
		s.allocations.length
			? {
					kind: 'table',
					caption: null,
					header: [vi('budget.settlement.colNo'), ...(province ? [vi('budget.settlement.colUnit')] : []), vi('budget.settlement.colSource'), vi('budget.settlement.doc.colDecision'), vi('budget.settlement.colAmount')],
					rows: s.allocations.map((a, i) => [
						String(i + 1),
						...(province ? [holderName.get(a.holderCode) ?? a.holderCode] : []),
						name(a.source),
						`${a.decisionNumber} ngày ${dmy(a.decisionDate)} của ${a.decisionIssuer}`,
						fmt(a.amount)
					]),
					numericColumns: [province ? 4 : 3]
				}
			: { kind: 'paragraph', text: vi('budget.settlement.doc.none') },
		{ kind: 'heading', level: 1, number: 'II.', text: vi('budget.settlement.doc.results') },
		{
			kind: 'table',
			caption: vi('budget.settlement.doc.bySource'),
			header: [vi('budget.settlement.colSource'), vi('budget.settlement.doc.colAllocated'), vi('budget.settlement.doc.colSettled'), vi('budget.settlement.colRemaining')],
			rows: [
				...usedSources.map((x) => {
					const f = s.total.bySource[x.code];
					return [x.nameVi, fmt(f.allocated), fmt(f.settled), fmt(f.allocated - f.settled)];
				}),
				[vi('budget.settlement.total'), fmt(s.total.allocated), fmt(s.total.settled), fmt(s.total.allocated - s.total.settled)]
			],
			widths: [40, 20, 20, 20],
			numericColumns: [1, 2, 3]
		},
		...(province
			? [
					{
						kind: 'table' as const,
						caption: vi('budget.settlement.doc.byUnit'),
						header: [vi('budget.settlement.colUnit'), vi('budget.settlement.doc.colAllocated'), vi('budget.settlement.doc.colSettled'), vi('budget.settlement.colRemaining')],
						rows: [
							...s.holders.map((h) => [h.name, fmt(h.allocated), fmt(h.settled), fmt(h.allocated - h.settled)]),
							[vi('budget.settlement.total'), fmt(s.total.allocated), fmt(s.total.settled), fmt(s.total.allocated - s.total.settled)]
						],
						widths: [40, 20, 20, 20],
						numericColumns: [1, 2, 3]
					}
				]
			: []),
		{ kind: 'paragraph', text: vi('budget.settlement.doc.lines', { count: s.lines.length }) },
		...(s.pendingCount ? [{ kind: 'paragraph' as const, text: [{ text: vi('budget.settlement.pendingNote', { count: s.pendingCount }), italic: true }] }] : []),
		{ kind: 'paragraph', text: vi('budget.settlement.doc.closing', { issuer, year: s.year }) }
	];
	return {
		language: 'vi',
		parentIssuer: null,
		issuer: ['Ủy ban nhân dân', s.unit.name],
		number: null,
		symbol: 'BC-UBND',
		place: placeName(s.unit.name),
		date: s.generatedOn,
		documentType: 'Báo cáo',
		title: vi('budget.settlement.doc.summary', { year: s.year }),
		body,
		recipients: [...(parentName ? [vi('budget.settlement.doc.recipientAbove', { unit: bodyName(parentName) })] : []), vi('budget.settlement.doc.recipientFinance'), vi('budget.settlement.doc.recipientFile')],
		signer: { authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', name: null }
	};
}

export function renderSettlementDocx(s: Settlement, parentName: string | null): Promise<Buffer> {
	return renderDocx(settlementCover(s, parentName));
}
