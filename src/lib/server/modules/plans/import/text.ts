/**
 * Small text helpers of the plan import: folding for keyword matching, Vietnamese title case,
 * dates as written in official documents.
 */

/**
 * Lower case without diacritics, `đ` as `d`, runs of spaces as one: the form keywords are matched
 * in, so "xã hội hoá", "xã hội hóa" and "XÃ HỘI HÓA" read the same.
 */
export function fold(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{M}+/gu, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase()
		.replace(/\s+/g, ' ');
}

/**
 * Every cased letter upper case, at least two of them: "KẾ HOẠCH", "TM. ỦY BAN NHÂN DÂN". Stops at
 * the first lower-case letter, so a body paragraph costs a character or two.
 */
export function isUpperText(text: string): boolean {
	let letters = 0;
	for (const c of text) {
		const upper = c.toUpperCase();
		if (upper === c.toLowerCase()) continue;
		if (c !== upper) return false;
		letters++;
	}
	return letters >= 2;
}

/** "ĐA QUYN" → "Đa Quyn", "THANH HÓA" → "Thanh Hóa"; digits and roman numerals stay. */
export function titleCase(text: string): string {
	return text
		.toLocaleLowerCase('vi')
		.replace(/(^|[\s(\-–])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toLocaleUpperCase('vi'))
		.replace(/(?<![\p{L}\p{N}])(i{1,3}|iv|v|vi{1,3}|ix|x)(?![\p{L}\p{N}])/giu, (m) => m.toUpperCase());
}

function isoDate(year: number, month: number, day: number): string | null {
	if (!(year >= 1900 && year <= 2100 && month >= 1 && month <= 12 && day >= 1)) return null;
	const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
	if (day > days) return null;
	return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const NUMERIC_DATE = /ngày\s+(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})/iu;
const WORDED_DATE = /ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/iu;

/**
 * The first date written "ngày 22/8/2022" or "ngày 01 tháng 12 năm 2023" in `text`, as an ISO
 * date; null when there is none or it is not a real date.
 */
export function findDate(text: string): { iso: string | null; index: number; length: number } | null {
	const m = NUMERIC_DATE.exec(text) ?? WORDED_DATE.exec(text);
	if (!m) return null;
	return { iso: isoDate(Number(m[3]), Number(m[2]), Number(m[1])), index: m.index, length: m[0].length };
}

/** Trailing sentence marks a heading or a list line carries: ":" "." ";" "," and the closing "./.". */
export function trimEndMarks(text: string): string {
	return text.replace(/(?:\s*(?:\.\/\.|[.:;,]))+\s*$/u, '').trim();
}
