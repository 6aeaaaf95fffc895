import fs from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';

/**
 * Household lists made up for trying imports and for the benchmarks: Vietnamese names drawn
 * with their real frequencies, in the layout communes use (title rows, a merged two-row header
 * with birth years under "Nam" / "Nữ" and categories marked "x"), written as a stream so
 * 100,000 rows take little memory.
 */

/** Family names with their approximate share of the population (per thousand). */
export const familyNames: [string, number][] = [
	['Nguyễn', 380],
	['Trần', 110],
	['Lê', 95],
	['Phạm', 70],
	['Hoàng', 30],
	['Huỳnh', 20],
	['Phan', 45],
	['Vũ', 20],
	['Võ', 19],
	['Đặng', 21],
	['Bùi', 20],
	['Đỗ', 14],
	['Hồ', 13],
	['Ngô', 13],
	['Dương', 10],
	['Lý', 5],
	['Đinh', 8],
	['Trịnh', 6],
	['Mai', 5],
	['Lương', 4],
	['Tô', 3],
	['Hà', 5],
	['Lò', 2]
];
export const middleNames = { male: ['Văn', 'Đức', 'Minh', 'Quốc', 'Hữu', 'Công', 'Thanh', 'Xuân', 'Đình', 'Ngọc', 'Văn', 'Văn'], female: ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Hồng', 'Minh', 'Phương', 'Thị', 'Thị'] };
export const givenNames = {
	male: ['An', 'Bình', 'Cường', 'Dũng', 'Đức', 'Hải', 'Hùng', 'Hưng', 'Khánh', 'Long', 'Minh', 'Nam', 'Phong', 'Quang', 'Sơn', 'Thắng', 'Thành', 'Tuấn', 'Tùng', 'Việt', 'Vinh', 'Hiếu', 'Huy', 'Kiên', 'Lâm', 'Lợi', 'Tâm', 'Thịnh', 'Toàn', 'Trung'],
	female: ['Anh', 'Bích', 'Chi', 'Dung', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hoa', 'Hồng', 'Huệ', 'Hương', 'Lan', 'Liên', 'Linh', 'Loan', 'Mai', 'Nga', 'Ngọc', 'Nhung', 'Oanh', 'Phương', 'Quyên', 'Thảo', 'Thu', 'Thủy', 'Trang', 'Tuyết', 'Vân', 'Yến']
};
const ethnicities: [string, number][] = [
	['Kinh', 70],
	['Mường', 8],
	['Thái', 6],
	['Tày', 5],
	["H'Mông", 5],
	['Dao', 3],
	['Khmer', 3]
];

/** A small seeded generator (mulberry32): the same seed gives the same list. */
export function seeded(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function weighted<T>(random: () => number, list: [T, number][]): T {
	const total = list.reduce((s, [, w]) => s + w, 0);
	let r = random() * total;
	for (const [value, w] of list) if ((r -= w) < 0) return value;
	return list[list.length - 1][0];
}

const pick = <T>(random: () => number, list: T[]) => list[Math.floor(random() * list.length)];

export interface SampleHousehold {
	headName: string;
	birthYear: number;
	sex: 'male' | 'female';
	village: string;
	category: 'poor' | 'near_poor' | 'escaped';
	members: number;
	ethnicity: string;
	phone: string;
	idNumber: string;
}

/** The households of a made-up list, row by row; every row has its own ID number. */
export function* sampleHouseholds(count: number, villages: string[], seed = 1): Generator<SampleHousehold> {
	const random = seeded(seed);
	for (let i = 0; i < count; i++) {
		const sex = random() < 0.62 ? 'male' : 'female';
		const birthYear = 1935 + Math.floor(random() * 70);
		const headName = `${weighted(random, familyNames)} ${pick(random, middleNames[sex])} ${pick(random, givenNames[sex])}`;
		const r = random();
		const category = r < 0.55 ? 'poor' : r < 0.9 ? 'near_poor' : 'escaped';
		// Twelve digits: province, sex and century, year of birth, then a number unique per row.
		const idNumber = `038${sex === 'male' ? (birthYear < 2000 ? 0 : 2) : birthYear < 2000 ? 1 : 3}${String(birthYear % 100).padStart(2, '0')}${String((i * 7919) % 1_000_000).padStart(6, '0')}`;
		const phoneDigits = `09${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
		const style = random();
		const phone = style < 0.3 ? '' : style < 0.5 ? `+84 ${phoneDigits.slice(1, 4)} ${phoneDigits.slice(4, 7)} ${phoneDigits.slice(7)}` : style < 0.7 ? `${phoneDigits.slice(0, 4)}.${phoneDigits.slice(4, 7)}.${phoneDigits.slice(7)}` : phoneDigits;
		yield {
			headName,
			birthYear,
			sex,
			village: pick(random, villages),
			category,
			members: 1 + Math.floor(random() * 7),
			ethnicity: weighted(random, ethnicities),
			phone,
			idNumber
		};
	}
}

export interface SampleListOptions {
	rows: number;
	/** Village names as the list writes them (e.g. without "Thôn"). */
	villages: string[];
	format: 'xlsx' | 'csv';
	seed?: number;
	/** Commune name for the title rows. */
	commune?: string;
	year?: number;
}

const categoryColumns = ['poor', 'near_poor', 'escaped'] as const;

/** Writes a made-up list to `file` in a commune's layout (XLSX) or as a plain one-row-header CSV. */
export async function writeSampleList(file: string, options: SampleListOptions): Promise<void> {
	const households = sampleHouseholds(options.rows, options.villages, options.seed ?? 1);
	if (options.format === 'csv') return writeCsv(file, households);
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
	const sheet = workbook.addWorksheet('Danh sách');
	const commune = options.commune ?? 'XÃ';
	// Merges are declared before the rows they cover are committed to the stream.
	const top = [
		sheet.addRow([`UBND ${commune.toUpperCase()}`]),
		sheet.addRow([`DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO, HỘ MỚI THOÁT NGHÈO NĂM ${options.year ?? 2025}`]),
		sheet.addRow([]),
		sheet.addRow(['STT', 'Họ và tên chủ hộ', 'Năm sinh', '', 'Thôn', 'Phân loại hộ', '', '', 'Số nhân khẩu', 'Dân tộc', 'Số điện thoại', 'Số CCCD']),
		sheet.addRow(['', '', 'Nam', 'Nữ', '', 'Hộ nghèo', 'Hộ cận nghèo', 'Hộ mới thoát nghèo', '', '', '', ''])
	];
	sheet.mergeCells('A1:D1');
	sheet.mergeCells('A2:L2');
	for (const col of ['A', 'B', 'E', 'I', 'J', 'K', 'L']) sheet.mergeCells(`${col}4:${col}5`);
	sheet.mergeCells('C4:D4');
	sheet.mergeCells('F4:H4');
	for (const row of top) row.commit();
	let n = 0;
	for (const h of households) {
		n++;
		sheet
			.addRow([
				n,
				h.headName,
				h.sex === 'male' ? h.birthYear : '',
				h.sex === 'female' ? h.birthYear : '',
				h.village,
				...categoryColumns.map((c) => (h.category === c ? 'x' : '')),
				h.members,
				h.ethnicity,
				h.phone,
				// Offices paste ID numbers as text so Excel keeps the leading zero.
				h.idNumber
			])
			.commit();
	}
	sheet.addRow([]).commit();
	sheet.addRow(['', `Tổng cộng: ${n} hộ`]).commit();
	await sheet.commit();
	await workbook.commit();
}

const csvCell = (v: string | number) => (typeof v === 'number' || !/[",\n]/.test(v) ? String(v) : `"${v.replace(/"/g, '""')}"`);
const categoryNames = { poor: 'Hộ nghèo', near_poor: 'Hộ cận nghèo', escaped: 'Hộ mới thoát nghèo' };

async function writeCsv(file: string, households: Iterable<SampleHousehold>): Promise<void> {
	const out = fs.createWriteStream(file, { encoding: 'utf8' });
	out.write('\uFEFFHọ và tên chủ hộ,Năm sinh,Giới tính,Thôn,Phân loại,Số nhân khẩu,Dân tộc,Số điện thoại,CCCD\r\n');
	let chunk: string[] = [];
	const flush = async () => {
		if (!out.write(chunk.join(''))) await once(out, 'drain');
		chunk = [];
	};
	for (const h of households) {
		chunk.push(
			[h.headName, h.birthYear, h.sex === 'male' ? 'Nam' : 'Nữ', h.village, categoryNames[h.category], h.members, h.ethnicity, h.phone, h.idNumber].map(csvCell).join(',') +
				'\r\n'
		);
		if (chunk.length >= 1000) await flush();
	}
	await flush();
	out.end();
	await once(out, 'finish');
}
