import { foldHeader, type HeaderColumn } from '../../../files/tabular-header';
import type { HouseholdCategory } from '../households.schemas';

/**
 * The columns of a household list, by the names communes give them (folded: no diacritics,
 * lower case, see `foldHeader`), in any order. A header cell names a field; a group header names
 * how its sub-columns are read ("Năm sinh" over "Nam" / "Nữ": the year written under the head's
 * sex; "Phân loại" over "Hộ nghèo" / "Hộ cận nghèo" …: a mark under the category; "Chỉ số thiếu
 * hụt" over the indicators: a mark under each one the household lacks).
 */

export type Field =
	| 'headName'
	| 'birthYear'
	| 'sex'
	| 'village'
	| 'address'
	| 'category'
	| 'members'
	| 'ethnicity'
	| 'language'
	| 'phone'
	| 'idNumber'
	| 'lacking'
	| 'notes';

const names: Record<Field, string[]> = {
	headName: ['ho va ten chu ho', 'ho ten chu ho', 'chu ho', 'ten chu ho', 'ho va ten', 'ho ten', 'ho va ten chu ho gia dinh', 'ho ten chu ho gia dinh'],
	birthYear: ['nam sinh', 'nam sinh chu ho', 'ngay sinh', 'ngay thang nam sinh', 'ngay thang nam sinh chu ho', 'ngay sinh chu ho'],
	sex: ['gioi tinh', 'gioi', 'gioi tinh chu ho'],
	village: ['thon', 'thon ban', 'thon xom', 'thon to', 'thon to dan pho', 'ban', 'xom', 'ap', 'buon', 'to dan pho', 'thon lang', 'ten thon', 'thon ban to dan pho'],
	address: ['dia chi', 'noi o', 'dia chi thuong tru', 'noi cu tru', 'noi thuong tru', 'cho o hien nay'],
	category: ['phan loai', 'phan loai ho', 'loai ho', 'dien ho', 'xep loai', 'ket qua phan loai', 'ket qua ra soat', 'phan loai ho gia dinh'],
	members: ['so nhan khau', 'so khau', 'nhan khau', 'so nguoi', 'so thanh vien', 'so nguoi trong ho', 'tong so nhan khau', 'so thanh vien trong ho'],
	ethnicity: ['dan toc'],
	language: ['ngon ngu', 'tieng noi'],
	phone: ['so dien thoai', 'sdt', 'dien thoai', 'dt', 'so dt', 'di dong', 'so di dong', 'dien thoai lien he'],
	idNumber: [
		'cccd',
		'so cccd',
		'cmnd',
		'so cmnd',
		'cccd cmnd',
		'so cccd cmnd',
		'cmnd cccd',
		'so cmnd cccd',
		'so dinh danh',
		'ma dinh danh',
		'so dinh danh ca nhan',
		'can cuoc',
		'so can cuoc',
		'can cuoc cong dan',
		'so can cuoc cong dan'
	],
	lacking: [
		'chi so thieu hut',
		'cac chi so thieu hut',
		'thieu hut',
		'chi so thieu hut dich vu xa hoi co ban',
		'cac chi so thieu hut dich vu xa hoi co ban',
		'chi so thieu hut dich vu co ban',
		'cac chi so thieu hut dich vu co ban',
		'thieu hut dich vu xa hoi co ban'
	],
	notes: ['ghi chu']
};

/** Category columns marked "x": standalone or under a category group. */
const categoryFlags: Record<Exclude<HouseholdCategory, 'none'>, string[]> = {
	poor: ['ho ngheo', 'ngheo', 'hn'],
	near_poor: ['ho can ngheo', 'can ngheo', 'hcn', 'cn'],
	escaped: ['ho moi thoat ngheo', 'moi thoat ngheo', 'thoat ngheo', 'ho thoat ngheo', 'hmtn', 'mtn']
};

/** Columns that carry nothing to import (row numbers). */
const ignored = ['stt', 'tt', 'so tt', 'so thu tu'];

const byName = new Map<string, Field>();
for (const [field, list] of Object.entries(names) as [Field, string[]][]) for (const n of list) byName.set(n, field);
const flagByName = new Map<string, Exclude<HouseholdCategory, 'none'>>();
for (const [category, list] of Object.entries(categoryFlags) as [Exclude<HouseholdCategory, 'none'>, string[]][]) for (const n of list) flagByName.set(n, category);

/** A header text (folded) that this importer knows: used to find the header row. */
export function isHouseholdColumn(folded: string): boolean {
	return byName.has(folded) || flagByName.has(folded) || ignored.includes(folded);
}

/** An indicator of the year's standard, as a sub-column or a list item may name it. */
export interface IndicatorName {
	code: string;
	nameVi: string;
	/** Its number on the standard's list (1–12). */
	sort: number;
}

/** How each column of a located header is read. */
export type ColumnRole =
	| { kind: 'field'; field: Field }
	/** The birth year written under the head's sex ("Năm sinh" › "Nam" / "Nữ"). */
	| { kind: 'birthYearBySex'; sex: 'male' | 'female' }
	/** A sex marked "x" under "Giới tính" › "Nam" / "Nữ". */
	| { kind: 'sexFlag'; sex: 'male' | 'female' }
	| { kind: 'categoryFlag'; category: Exclude<HouseholdCategory, 'none'> }
	| { kind: 'lackingFlag'; indicator: string };

export interface MappedColumn {
	index: number;
	label: string;
	role: ColumnRole;
}

export interface ColumnMap {
	columns: MappedColumn[];
	/** The column a field is read from, if the file has one. */
	field(field: Field): MappedColumn | undefined;
	/** True when some column reads `field` (or a role of that kind: `categoryFlag`, `lackingFlag` …). */
	has(field: Field | ColumnRole['kind']): boolean;
}

/** The indicator a text names: its number on the list, its code, or its name (or an unambiguous part of it). */
export function indicatorNamed(text: string, indicators: IndicatorName[]): string | null {
	const folded = foldHeader(text);
	if (!folded) return null;
	if (/^\d{1,2}$/.test(folded)) return indicators.find((i) => i.sort === Number(folded))?.code ?? null;
	const exact = indicators.find((i) => i.code === text.trim().toLowerCase() || foldHeader(i.nameVi) === folded);
	if (exact) return exact.code;
	if (folded === 'bhyt') return indicators.find((i) => i.code === 'health_insurance')?.code ?? null;
	const partial = indicators.filter((i) => folded.length >= 4 && foldHeader(i.nameVi).includes(folded));
	return partial.length === 1 ? partial[0].code : null;
}

const sexOf = (folded: string): 'male' | 'female' | null => (folded === 'nam' ? 'male' : folded === 'nu' ? 'female' : null);

/**
 * Reads what each header column means. The first column of a field wins (a second "Họ và tên",
 * say of a representative, is left alone); columns this importer does not know are ignored.
 */
export function mapColumns(header: HeaderColumn[], indicators: IndicatorName[]): ColumnMap {
	const columns: MappedColumn[] = [];
	const seen = new Set<string>();
	const add = (column: HeaderColumn, role: ColumnRole) => {
		const key = role.kind === 'field' ? role.field : role.kind === 'lackingFlag' ? `lacking:${role.indicator}` : `${role.kind}:${'sex' in role ? role.sex : role.category}`;
		if (seen.has(key)) return;
		seen.add(key);
		columns.push({ index: column.index, label: column.label, role });
	};
	for (const column of header) {
		const group = column.group === null ? null : (byName.get(column.group) ?? null);
		if (group === 'birthYear' && sexOf(column.name)) add(column, { kind: 'birthYearBySex', sex: sexOf(column.name)! });
		else if (group === 'sex' && sexOf(column.name)) add(column, { kind: 'sexFlag', sex: sexOf(column.name)! });
		else if (group !== 'lacking' && flagByName.has(column.name)) add(column, { kind: 'categoryFlag', category: flagByName.get(column.name)! });
		else if (group === 'lacking') {
			const indicator = indicatorNamed(column.name, indicators);
			if (indicator) add(column, { kind: 'lackingFlag', indicator });
		} else if (byName.has(column.name)) add(column, { kind: 'field', field: byName.get(column.name)! });
	}
	const fields = new Set<string>(columns.map((c) => (c.role.kind === 'field' ? c.role.field : c.role.kind)));
	const byField = new Map<Field, MappedColumn>();
	for (const c of columns) if (c.role.kind === 'field') byField.set(c.role.field, c);
	return { columns, field: (f) => byField.get(f), has: (f) => fields.has(f) };
}

/** The category a cell names: "Hộ nghèo", "nghèo", "HN", "Cận nghèo", "Mới thoát nghèo" … */
export function categoryNamed(text: string): HouseholdCategory | null {
	const folded = foldHeader(text);
	if (flagByName.has(folded)) return flagByName.get(folded)!;
	if (['n', 'ho n'].includes(folded)) return 'poor';
	if (['khong', 'khong ngheo', 'none', 'ho khong ngheo', 'binh thuong'].includes(folded)) return 'none';
	return null;
}

/** The category a list's title announces, for a list without a category column ("DANH SÁCH HỘ CẬN NGHÈO NĂM 2025"). */
export function categoryOfTitle(lines: string[]): HouseholdCategory | null | 'several' {
	const found = new Set<HouseholdCategory>();
	for (const line of lines) {
		const folded = ` ${foldHeader(line)} `;
		if (folded.includes(' moi thoat ngheo ') || folded.includes(' thoat ngheo ')) found.add('escaped');
		if (folded.includes(' can ngheo ')) found.add('near_poor');
		if (/ ho ngheo /.test(folded.replace(/ can ngheo /g, ' ').replace(/ (moi )?thoat ngheo /g, ' '))) found.add('poor');
	}
	if (found.size > 1) return 'several';
	return [...found][0] ?? null;
}
