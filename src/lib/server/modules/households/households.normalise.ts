/**
 * Normal forms of the register's identifying fields, shared by entry, import and search: the
 * same person typed by hand, pasted from Excel or decomposed (NFD) by another system must land on
 * the same stored value, or duplicates slip through and searches miss.
 */

/**
 * A name for search and duplicate detection: lower case, no diacritics ("đ" → "d"), punctuation
 * as spaces, spaces collapsed. "Nguyễn  Văn  Ân" and "NGUYEN VAN AN" both give "nguyen van an";
 * "K’ Thị Hoa" gives "k thi hoa".
 */
export function normaliseName(value: string): string {
	return value
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/đ/g, 'd')
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

/**
 * A Vietnamese mobile number as ten digits starting with 0 ("0912345678"), from the ways lists
 * write it: "+84 912 345 678", "84912345678", "0912.345.678", "(091) 234-5678", or nine digits
 * where Excel dropped the leading zero of a number cell. Null when it is not a mobile number
 * (the register keeps phones for SMS and Zalo only).
 */
export function normalisePhone(value: string | number | null | undefined): string | null {
	if (value === null || value === undefined) return null;
	let digits = String(value).trim();
	if (!/^[+\d\s.\-()]+$/.test(digits)) return null;
	digits = digits.replace(/[\s.\-()]/g, '');
	if (digits.startsWith('+84')) digits = '0' + digits.slice(3);
	else if (digits.startsWith('84') && digits.length === 11) digits = '0' + digits.slice(2);
	else if (/^[35789]\d{8}$/.test(digits)) digits = '0' + digits;
	return /^0[35789]\d{8}$/.test(digits) ? digits : null;
}

/**
 * A citizen ID: 12 digits (CCCD) or 9 (old CMND), spaces and dots removed. Eleven digits are a
 * CCCD whose leading zero Excel dropped (province codes 001–096 start with 0), so the zero comes
 * back. Null when it is neither.
 */
export function normaliseIdNumber(value: string | number | null | undefined): string | null {
	if (value === null || value === undefined) return null;
	const text = String(value).trim();
	if (!/^[\d\s.]+$/.test(text)) return null;
	const digits = text.replace(/[\s.]/g, '');
	if (digits.length === 11) return '0' + digits;
	return digits.length === 12 || digits.length === 9 ? digits : null;
}

const BULLETS = '•••••';

/** A phone number as roles without `households.sensitive` see it: "09•••••678". */
export function maskPhone(phone: string | null): string | null {
	if (!phone) return phone;
	return phone.length <= 5 ? BULLETS : phone.slice(0, 2) + BULLETS + phone.slice(-3);
}

/** An ID number as roles without `households.sensitive` see it: "0012•••••789" (9 digits: "03•••••789"). */
export function maskIdNumber(idNumber: string | null): string | null {
	if (!idNumber) return idNumber;
	if (idNumber.length <= 5) return BULLETS;
	return idNumber.slice(0, idNumber.length >= 12 ? 4 : 2) + BULLETS + idNumber.slice(-3);
}
