import { describe, expect, it } from 'vitest';
import { cleanText, mm, numberLine, placeDateLine, recipientLine, textWidthTwips, upper } from './layout';

describe('Decree 30 frame texts', () => {
	it('writes the number with a leading zero below 10, and a blank when there is none', () => {
		expect(numberLine('5', 'KH-UBND')).toBe('Số: 05/KH-UBND');
		expect(numberLine('12', 'KH-UBND')).toBe('Số: 12/KH-UBND');
		expect(numberLine(null, 'KH-UBND')).toBe('Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/KH-UBND');
		expect(numberLine('  ', 'BC-UBND')).toMatch(/^Số: \u00a0+\/BC-UBND$/);
	});

	it('writes day 1–9 and months 1–2 with a leading zero, and dots without a date', () => {
		expect(placeDateLine('Đa Quyn', '2023-12-01')).toBe('Đa Quyn, ngày 01 tháng 12 năm 2023');
		expect(placeDateLine('Hà Bình', '2022-01-18')).toBe('Hà Bình, ngày 18 tháng 01 năm 2022');
		expect(placeDateLine('Hà Bình', '2022-02-09')).toBe('Hà Bình, ngày 09 tháng 02 năm 2022');
		expect(placeDateLine('Hà Bình', '2022-03-10')).toBe('Hà Bình, ngày 10 tháng 3 năm 2022');
		expect(placeDateLine('Hà Bình', null)).toBe('Hà Bình, ngày …… tháng …… năm ………');
		expect(placeDateLine(null, null)).toBe('…………, ngày …… tháng …… năm ………');
	});

	it('writes recipient lines with a dash, ";" after each and "." after the last, keeping what the author wrote', () => {
		expect(recipientLine('TT ĐU, HĐND xã', false)).toBe('- TT ĐU, HĐND xã;');
		expect(recipientLine('- Phòng LĐTB&XH (b/c);', false)).toBe('- Phòng LĐTB&XH (b/c);');
		expect(recipientLine('Lưu: VT, VHXH', true)).toBe('- Lưu: VT, VHXH.');
		expect(recipientLine('Lưu: VT, VH-XH.', true)).toBe('- Lưu: VT, VH-XH.');
	});

	it('upper-cases Vietnamese and cleans text to NFC without XML-invalid characters', () => {
		expect(upper('Ủy ban nhân dân xã Đa Quyn')).toBe('ỦY BAN NHÂN DÂN XÃ ĐA QUYN');
		expect(cleanText('Kế hoạch'.normalize('NFD'))).toBe('Kế hoạch'.normalize('NFC'));
		expect(cleanText('a\u0000b\u001fc\r\nd\uFFFEe')).toBe('abc\nde');
		expect(cleanText('😀')).toBe('😀');
	});

	it('converts millimetres and estimates line widths the way Times New Roman sets them', () => {
		expect(mm(20)).toBe(1134);
		expect(mm(30)).toBe(1701);
		expect(mm(15)).toBe(850);
		// The national name in bold 13 pt is about 96 mm: it fits the 100 mm right-hand column.
		const national = (textWidthTwips('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 13, true) * 25.4) / 1440;
		expect(national).toBeGreaterThan(85);
		expect(national).toBeLessThan(100);
		expect(textWidthTwips('Độc lập', 14, true)).toBe(textWidthTwips('Doc lap', 14, true));
	});
});
