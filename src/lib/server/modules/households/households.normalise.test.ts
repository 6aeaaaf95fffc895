import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskPhone, normaliseIdNumber, normaliseName, normalisePhone } from './households.normalise';

describe('normaliseName', () => {
	it('drops diacritics, case, punctuation and extra spaces, NFC or NFD alike', () => {
		expect(normaliseName('Nguyễn Văn An')).toBe('nguyen van an');
		expect(normaliseName('  NGUYỄN   văn  ÂN ')).toBe('nguyen van an');
		expect(normaliseName('Nguyễn Văn An'.normalize('NFD'))).toBe('nguyen van an');
		expect(normaliseName('Đặng Thị Ưng')).toBe('dang thi ung');
		expect(normaliseName('K’ Thị Hoa')).toBe('k thi hoa');
		expect(normaliseName("K'Brơi")).toBe('k broi');
	});
});

describe('normalisePhone', () => {
	it('reads the ways lists write a mobile number', () => {
		for (const raw of ['0912345678', '+84 912 345 678', '84912345678', '0912.345.678', '(091) 234-5678', '912345678', 912345678])
			expect(normalisePhone(raw), String(raw)).toBe('0912345678');
		expect(normalisePhone('+84 38 123 4567')).toBe('0381234567');
	});

	it('refuses what is not a mobile number', () => {
		for (const raw of ['', '12345', '0212345678', '091234567', '09123456789', 'abc0912345678', '0912-345-67x', '+1 415 555 0100'])
			expect(normalisePhone(raw), raw).toBeNull();
		expect(normalisePhone(null)).toBeNull();
	});
});

describe('normaliseIdNumber', () => {
	it('keeps 12- and 9-digit numbers, restores the zero Excel dropped, refuses the rest', () => {
		expect(normaliseIdNumber('038 085 001 234')).toBe('038085001234');
		expect(normaliseIdNumber(38085001234)).toBe('038085001234');
		expect(normaliseIdNumber('171234567')).toBe('171234567');
		expect(normaliseIdNumber('12345')).toBeNull();
		expect(normaliseIdNumber('03808500123A')).toBeNull();
	});
});

describe('masking', () => {
	it('shows the first and last digits only', () => {
		expect(maskPhone('0912345678')).toBe('09•••••678');
		expect(maskIdNumber('001234567789')).toBe('0012•••••789');
		expect(maskIdNumber('171234567')).toBe('17•••••567');
		expect(maskPhone(null)).toBeNull();
	});
});
