import type { MessageKey } from '../../../../i18n';
import { foldHeader } from '../../../files/tabular-header';
import { parseCalendarDate } from '../../../files/tabular';
import type { RawRow } from '../../../files/tabular-stream';
import { normaliseIdNumber, normaliseName, normalisePhone } from '../households.normalise';
import type { HouseholdCategory } from '../households.schemas';
import { categoryNamed, indicatorNamed, type ColumnMap, type Field, type IndicatorName, type MappedColumn } from './import.columns';
import type { VillageResolver, VillageUnit } from './import.villages';

/**
 * One row of a household list read into a household, or the reasons it cannot be: pure
 * functions of the row, the column map and the villages, so every bad row is found and named
 * before anything is written.
 */

/** A household as a row gives it. Null fields are blank in the file: a stored value stays. */
export interface ParsedRow {
	line: number;
	villageId: string;
	headName: string;
	headNameNorm: string;
	birthYear: number | null;
	sex: 'male' | 'female' | null;
	idNumber: string | null;
	address: string | null;
	members: number | null;
	ethnicity: string | null;
	language: string | null;
	phone: string | null;
	notes: string | null;
	category: HouseholdCategory;
	/** Indicator codes the household lacks; null when the file says nothing about them. */
	lacking: string[] | null;
}

export interface RowProblem {
	/** The column as the file heads it. */
	column: string;
	key: MessageKey;
	params?: Record<string, string | number>;
}

export type RowOutcome =
	| { kind: 'skip' }
	/** A heading row naming the village of the rows below it ("Thôn Đông Sơn" across the table). */
	| { kind: 'section'; village: VillageUnit }
	| { kind: 'row'; row: ParsedRow }
	| { kind: 'error'; problems: RowProblem[] };

export interface RowContext {
	columns: ColumnMap;
	/** The latest birth year accepted: this year in Việt Nam, read once per import. */
	maxBirthYear: number;
	villages: VillageResolver;
	indicators: IndicatorName[];
	/** The village every row goes to when the import is into one village. */
	fixedVillage: VillageUnit | null;
	/** The category the list's title announces, for a list without a category column. */
	titleCategory: HouseholdCategory | null;
	/** Label of the village column in messages when the file has none. */
	villageLabel: string;
	categoryLabel: string;
}

/** Mutable state carried from row to row: the village of a section heading, the footer once reached. */
export interface RowState {
	sectionVillage: VillageUnit | null;
	pastFooter: boolean;
}

/** Words that open the rows under a list: totals, the signatures, the date line. */
const footerStarts = ['tong cong', 'tong so', 'cong', 'nguoi lap', 'nguoi lap bieu', 'xac nhan', 'tm ', 'chu tich', 'truong thon', 'can bo', 'ky ten', 'ubnd', 'uy ban'];

const MARKED = new Set(['x', 'v', '✓', '✔', '√', '1', 'co', 'yes', '*', '+']);
const UNMARKED = new Set(['', '0', '-', 'khong', 'no']);

const cellOf = (raw: RawRow, column: MappedColumn | undefined) => (column ? (raw.cells[column.index] ?? '') : '');

/** The first word of every footer marker, folded. */
const footerWords = new Set([...footerStarts.map((w) => w.split(' ')[0]), 'ngay']);

/**
 * foldHeader of short cells that repeat row after row (a sex, a mark, a name's first word),
 * remembered: folding is much of the time of reading 100,000 rows. Bounded, for odd files.
 */
const folds = new Map<string, string>();
function foldShort(text: string): string {
	let folded = folds.get(text);
	if (folded === undefined) {
		if (folds.size >= 10_000) folds.clear();
		folds.set(text, (folded = foldHeader(text)));
	}
	return folded;
}

function isFooter(raw: RawRow): boolean {
	const first = raw.cells.find((c) => c !== '');
	// A row number or a year opens most rows: no need to fold it.
	if (!first || /^\d+$/.test(first)) return false;
	// Most first cells are names: their first word (a family name) is no marker's first word.
	const word = first.split(/\s/, 1)[0];
	if (!word.includes('(')) {
		const folded = foldShort(word).split(' ', 1)[0];
		if (folded && !footerWords.has(folded)) return false;
	}
	// The markers are short: folding the start of the cell is enough.
	const folded = foldHeader(first.slice(0, 24)) + ' ';
	return footerStarts.some((w) => folded.startsWith(w.endsWith(' ') ? w : w + ' ')) || /^ngay \d+ thang \d+ nam \d+/.test(folded);
}

/** "NGUYỄN VĂN AN" → "Nguyễn Văn An"; names typed in mixed case stay as typed. */
export function tidyName(text: string): string {
	const name = text.replace(/\s+/g, ' ').trim();
	if (name !== name.toLocaleUpperCase('vi') || name === name.toLocaleLowerCase('vi')) return name;
	return name
		.toLocaleLowerCase('vi')
		.split(' ')
		.map((w) => w.charAt(0).toLocaleUpperCase('vi') + w.slice(1))
		.join(' ');
}

/** A birth year from "1970", a date ("12/05/1970", a date cell) or "05/1970". */
export function parseBirthYear(text: string): number | null {
	const value = text.trim().replace(/\.0+$/, '');
	if (/^\d{4}$/.test(value)) return Number(value);
	const date = parseCalendarDate(value);
	if (date) return Number(date.slice(0, 4));
	const monthYear = /^\d{1,2}[/.-](\d{4})$/.exec(value);
	return monthYear ? Number(monthYear[1]) : null;
}

function parseSex(text: string): 'male' | 'female' | null | undefined {
	const folded = foldShort(text);
	if (!folded) return null;
	if (['nam', 'male', 'm', 'trai', 'nam gioi'].includes(folded)) return 'male';
	if (['nu', 'female', 'f', 'gai', 'nu gioi'].includes(folded)) return 'female';
	return undefined;
}

/** The first mobile number of a cell that may hold several ("0912 345 678 / 0987 654 321"). */
function parsePhone(text: string): string | null | undefined {
	if (!text) return null;
	for (const part of text.split(/[,;/]|\s[-–]\s|\n/)) {
		const phone = normalisePhone(part);
		if (phone) return phone;
	}
	return undefined;
}

// The register's own rules (households.schemas: HeadName, BirthYear, Members), checked by hand:
// a zod parse per cell of 100,000 rows is most of an import's time.
const MAX_NAME = 200;
const MIN_BIRTH_YEAR = 1900;
const MAX_MEMBERS = 50;

function parseMembers(text: string): number | null | undefined {
	if (!text) return null;
	const m = /^(\d{1,3})(?:\.0+)?(?:\s*\p{L}+)?$/u.exec(text.trim());
	const n = m ? Number(m[1]) : NaN;
	return n >= 1 && n <= MAX_MEMBERS ? n : undefined;
}

/** Reads one data row. */
export function readRow(raw: RawRow, ctx: RowContext, state: RowState): RowOutcome {
	const { columns } = ctx;
	const field = columns.field;
	const mapped = columns.columns.filter((c) => cellOf(raw, c) !== '');
	if (!mapped.length && raw.cells.every((c) => c === '' || /^\d+$/.test(c))) return { kind: 'skip' };
	if (isFooter(raw)) {
		state.pastFooter = true;
		return { kind: 'skip' };
	}
	const nameColumn = field('headName')!;
	const nameText = cellOf(raw, nameColumn);
	// Under the totals, a name alone is a signature, not a household.
	if (state.pastFooter && mapped.every((c) => c === nameColumn)) return { kind: 'skip' };
	// A heading across the table names the village of the rows under it: "II. Thôn Tây Sơn".
	const filled = raw.cells.filter((c) => c !== '');
	const heading = nameText && mapped.length === 1 ? nameText : !nameText && filled.length === 1 ? filled[0] : null;
	if (heading) {
		const match = ctx.villages.resolve(heading.replace(/^\s*(?:[IVXLC]+|\d+|[a-zđ])\s*[.):-]\s*/i, ''));
		if (match.ok) {
			state.sectionVillage = match.village;
			return { kind: 'section', village: match.village };
		}
	}

	const problems: RowProblem[] = [];
	const problem = (column: string, key: MessageKey, params?: RowProblem['params']) => problems.push({ column, key, params });

	let headName = '';
	if (!nameText) problem(nameColumn.label, 'householdImport.row.required');
	else {
		headName = tidyName(nameText);
		if (headName.length > MAX_NAME) problem(nameColumn.label, 'householdImport.row.tooLong', { max: MAX_NAME });
	}

	// Birth year: its own column, or written under "Nam" or "Nữ", which then gives the sex.
	let birthYear: number | null = null;
	let sexFromYear: 'male' | 'female' | null = null;
	const yearCells: [MappedColumn, string, 'male' | 'female' | null][] = [];
	for (const c of columns.columns) {
		if (c.role.kind === 'field' && c.role.field === 'birthYear' && cellOf(raw, c)) yearCells.push([c, cellOf(raw, c), null]);
		if (c.role.kind === 'birthYearBySex' && cellOf(raw, c)) yearCells.push([c, cellOf(raw, c), c.role.sex]);
	}
	if (yearCells.length > 1 && yearCells.filter(([, , s]) => s).length > 1) problem(yearCells[1][0].label, 'householdImport.row.bothSexes');
	else if (yearCells.length) {
		const [column, text, sex] = yearCells.find(([, , s]) => s) ?? yearCells[0];
		const year = parseBirthYear(text);
		if (year === null || year < MIN_BIRTH_YEAR || year > ctx.maxBirthYear) problem(column.label, 'householdImport.row.birthYear', { value: text });
		else [birthYear, sexFromYear] = [year, sex];
	}

	let sex: 'male' | 'female' | null = sexFromYear;
	const sexColumn = field('sex');
	if (sexColumn && cellOf(raw, sexColumn)) {
		const parsed = parseSex(cellOf(raw, sexColumn));
		if (parsed === undefined) problem(sexColumn.label, 'householdImport.row.sex', { value: cellOf(raw, sexColumn) });
		else if (sexFromYear && parsed && parsed !== sexFromYear) problem(sexColumn.label, 'householdImport.row.sexConflict');
		else sex = parsed ?? sexFromYear;
	}
	const sexFlags = columns.columns.filter((c) => c.role.kind === 'sexFlag' && marked(cellOf(raw, c)) === true);
	if (sexFlags.length > 1) problem(sexFlags[1].label, 'householdImport.row.bothSexes');
	else if (sexFlags.length === 1 && sexFlags[0].role.kind === 'sexFlag') sex = sexFlags[0].role.sex;

	// Village: its column, an address naming it, the heading above, or the one village imported into.
	let village: VillageUnit | null = null;
	const villageColumn = field('village');
	const addressColumn = field('address');
	const villageText = cellOf(raw, villageColumn);
	const addressText = cellOf(raw, addressColumn);
	if (villageText) {
		const match = ctx.villages.resolve(villageText);
		if (match.ok) village = match.village;
		else problem(villageColumn!.label, match.key, match.params);
	} else if (!villageColumn && addressText && !ctx.fixedVillage) {
		const match = ctx.villages.resolveAddress(addressText);
		if (match.ok) village = match.village;
		else if (!state.sectionVillage) problem(addressColumn!.label, match.key, match.params);
	}
	village ??= state.sectionVillage ?? ctx.fixedVillage;
	if (village && ctx.fixedVillage && village.id !== ctx.fixedVillage.id && !problems.length) {
		problem(villageColumn?.label ?? ctx.villageLabel, 'householdImport.row.otherVillage', { village: village.name, unit: ctx.fixedVillage.name });
	}
	if (!village && !problems.some((p) => p.column === villageColumn?.label || p.column === addressColumn?.label)) {
		problem(villageColumn?.label ?? ctx.villageLabel, 'householdImport.row.required');
	}

	// Category: a cell naming it, a mark under one of the category columns, or the list's title.
	let category: HouseholdCategory | null = null;
	const categoryColumn = field('category');
	const flags = columns.columns.filter((c) => c.role.kind === 'categoryFlag');
	if (categoryColumn && cellOf(raw, categoryColumn)) {
		category = categoryNamed(cellOf(raw, categoryColumn));
		if (!category) problem(categoryColumn.label, 'householdImport.row.category', { value: cellOf(raw, categoryColumn) });
	} else if (flags.length) {
		const marks = flags.map((c) => [c, marked(cellOf(raw, c))] as const);
		const unclear = marks.find(([, m]) => m === undefined);
		const chosen = marks.filter(([, m]) => m === true);
		if (unclear) problem(unclear[0].label, 'householdImport.row.mark', { value: cellOf(raw, unclear[0]) });
		else if (chosen.length > 1) problem(chosen[1][0].label, 'householdImport.row.severalCategories');
		else if (chosen.length === 1 && chosen[0][0].role.kind === 'categoryFlag') category = chosen[0][0].role.category;
	}
	if (!category && !categoryColumn && !flags.length) category = ctx.titleCategory;
	if (!category && !problems.some((p) => p.column === categoryColumn?.label || flags.some((f) => f.label === p.column))) {
		problem(categoryColumn?.label ?? flags[0]?.label ?? ctx.categoryLabel, 'householdImport.row.required');
	}

	// Lacking indicators: a list in one cell, or a mark under each indicator's column.
	let lacking: string[] | null = null;
	const lackingColumn = field('lacking');
	const lackingFlags = columns.columns.filter((c) => c.role.kind === 'lackingFlag');
	if (lackingColumn && cellOf(raw, lackingColumn)) {
		const codes = new Set<string>();
		for (const item of cellOf(raw, lackingColumn).split(/[,;\n+]|\s[-–]\s|\svà\s/u)) {
			if (!item.trim()) continue;
			const code = indicatorNamed(item, ctx.indicators);
			if (code) codes.add(code);
			else problem(lackingColumn.label, 'householdImport.row.indicator', { value: item.trim() });
		}
		lacking = [...codes];
	} else if (lackingFlags.length && lackingFlags.some((c) => cellOf(raw, c) !== '')) {
		lacking = [];
		for (const c of lackingFlags) {
			const m = marked(cellOf(raw, c));
			if (m === undefined) problem(c.label, 'householdImport.row.mark', { value: cellOf(raw, c) });
			else if (m && c.role.kind === 'lackingFlag') lacking.push(c.role.indicator);
		}
	}
	if (lacking) lacking.sort((a, b) => a.localeCompare(b));

	const text = (f: Field, max: number): string | null => {
		const c = field(f);
		const value = cellOf(raw, c).replace(/\s+/g, ' ').trim();
		if (!value) return null;
		if (value.length > max) {
			problem(c!.label, 'householdImport.row.tooLong', { max });
			return null;
		}
		return value;
	};
	const phoneColumn = field('phone');
	const phone = parsePhone(cellOf(raw, phoneColumn));
	if (phone === undefined) problem(phoneColumn!.label, 'householdImport.row.phone', { value: cellOf(raw, phoneColumn) });
	const idColumn = field('idNumber');
	const idNumber = cellOf(raw, idColumn) ? normaliseIdNumber(cellOf(raw, idColumn)) : null;
	if (cellOf(raw, idColumn) && !idNumber) problem(idColumn!.label, 'householdImport.row.idNumber', { value: cellOf(raw, idColumn) });
	const membersColumn = field('members');
	const members = parseMembers(cellOf(raw, membersColumn));
	if (members === undefined) problem(membersColumn!.label, 'householdImport.row.members', { value: cellOf(raw, membersColumn) });
	const address = text('address', 300);
	const ethnicity = text('ethnicity', 60);
	const language = text('language', 60);
	const notes = text('notes', 2000);

	if (problems.length) return { kind: 'error', problems };
	return {
		kind: 'row',
		row: {
			line: raw.line,
			villageId: village!.id,
			headName,
			headNameNorm: normaliseName(headName),
			birthYear,
			sex,
			idNumber,
			address,
			members: members ?? null,
			ethnicity,
			language,
			phone: phone ?? null,
			notes,
			category: category!,
			lacking
		}
	};
}

/** Whether a cell under a mark column is marked: true, false, or undefined when it is not clear. */
function marked(text: string): boolean | undefined {
	const value = foldShort(text) || text.trim().toLowerCase();
	if (UNMARKED.has(value)) return false;
	if (MARKED.has(value)) return true;
	return undefined;
}
