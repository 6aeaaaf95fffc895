import { describe, expect, it } from 'vitest';
import { MAX_PLAN_FILE_BYTES, parsePlanFile, parsePlanText } from './index';
import { bodyTexts, outline, readSeed } from './testing';

const daQuyn = readSeed('002').toString('utf8');
const haBinh = readSeed('000').toString('utf8');
const bytes = (text: string) => new TextEncoder().encode(text);

/** Inserts `line` before the first line that starts with `before`; returns the text and the new line's number. */
function plant(text: string, before: string, line: string): { text: string; line: number } {
	const lines = text.split('\n');
	const at = lines.findIndex((l) => l.trim().startsWith(before));
	if (at < 0) throw new Error(`no line ${before}`);
	lines.splice(at, 0, line, '');
	return { text: lines.join('\n'), line: at + 1 };
}

describe('files that are not plans, or cannot be read, are refused with a clear message', () => {
	it('empty', async () => {
		await expect(parsePlanFile(new Uint8Array(0), 'a.txt')).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'planImport.empty' });
		await expect(parsePlanFile(bytes(' \n\n\t \n'), 'a.txt')).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'planImport.empty' });
		expect(() => parsePlanText('\uFEFF')).toThrow(expect.objectContaining({ messageKey: 'planImport.empty' }));
	});

	it('binary, images, PDF, old Word, spreadsheets, web pages', async () => {
		let seed = 7;
		// xorshift32: the same "random" bytes on every run.
		const random = Uint8Array.from({ length: 4096 }, () => {
			seed ^= seed << 13;
			seed ^= seed >>> 17;
			seed ^= seed << 5;
			return seed & 0xff;
		});
		const cases: [Uint8Array, string][] = [
			[random, 'planImport.format'],
			[Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'planImport.format'],
			[bytes('%PDF-1.7\n…'), 'planImport.pdf'],
			[Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'planImport.legacyDoc'],
			[bytes('<!DOCTYPE html><html><body>KẾ HOẠCH</body></html>'), 'planImport.format']
		];
		for (const [input, key] of cases) await expect(parsePlanFile(input, 'x')).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', messageKey: key });
	});

	it('text in a legacy code page', async () => {
		// "Kế hoạch" in Windows-1258 is not valid UTF-8.
		await expect(parsePlanFile(Uint8Array.from([0x4b, 0xea, 0xd2, 0x20, 0x68, 0x6f, 0x61, 0xf2, 0x63, 0x68]), 'x.txt')).rejects.toMatchObject({
			code: 'VALIDATION',
			messageKey: 'planImport.encoding'
		});
	});

	it('text that is not a plan, or another kind of document', async () => {
		const prose = 'Hôm nay trời đẹp. Bà con trong thôn ra đồng gặt lúa.\n\nI. Một dòng có số La Mã nhưng chỉ một.\n';
		await expect(parsePlanFile(bytes(prose), 'x.txt')).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'planImport.notPlan' });
		const report = 'ỦY BAN NHÂN DÂN\nXÃ ĐA QUYN\n\nBÁO CÁO\nKết quả công tác giảm nghèo năm 2023\n\nNăm 2023, xã đã thực hiện …\n';
		await expect(parsePlanFile(bytes(report), 'x.txt')).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'planImport.otherType', params: { type: 'BÁO CÁO' } });
	});

	it('over 10 MB, before reading it', async () => {
		const big = new Uint8Array(11 * 1024 * 1024).fill(0x61);
		expect(big.byteLength).toBeGreaterThan(MAX_PLAN_FILE_BYTES);
		await expect(parsePlanFile(big, 'big.txt')).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE', messageKey: 'planImport.tooLarge', params: { size: '11.0 MB', limit: '10.0 MB' } });
	});
});

describe('encodings and line ends', () => {
	it('reads the same plan from UTF-8 with a byte order mark, UTF-16 and CRLF lines', async () => {
		const plain = parsePlanText(daQuyn);
		const withBom = await parsePlanFile(bytes('\uFEFF' + daQuyn), 'a.txt');
		const utf16 = await parsePlanFile(Uint8Array.from([0xff, 0xfe, ...Buffer.from(daQuyn, 'utf16le')]), 'a.txt');
		const utf16NoBom = await parsePlanFile(Buffer.from(daQuyn, 'utf16le'), 'a.txt');
		const crlf = await parsePlanFile(bytes(daQuyn.replace(/\n/g, '\r\n')), 'a.txt');
		for (const doc of [withBom, utf16, utf16NoBom, crlf]) expect(doc).toEqual(plain);
	});
});

describe('nothing unrecognised is dropped', () => {
	it('a line in the header block stays, in a section of its own at the start, with a warning', () => {
		const { text, line } = plant(daQuyn, 'CỘNG HÒA', 'BẢN DỰ THẢO LẦN 2');
		const doc = parsePlanText(text);
		expect(doc.issuer).toBe('UBND xã Đa Quyn');
		expect(doc.sections[0]).toMatchObject({ heading: '', number: null, kind: 'other', items: [{ marker: null, text: 'BẢN DỰ THẢO LẦN 2' }] });
		expect(doc.warnings).toEqual([expect.objectContaining({ line, text: 'BẢN DỰ THẢO LẦN 2' })]);
		expect(doc.warnings[0].message).toMatch(/^Dòng ở phần đầu văn bản .* \/ Line of the document header/u);
	});

	it('a paragraph between the preamble and part I, and one after the signer', () => {
		const first = plant(daQuyn, 'I. MỤC ĐÍCH', 'Ghi chú: bản này được chép lại từ bản giấy.');
		const second = plant(first.text + '\n\nKý bởi: Văn phòng UBND xã Đa Quyn\n', 'Nguyễn Văn Dương', '');
		const doc = parsePlanText(second.text);
		const lines = second.text.split('\n');
		expect(doc.sections[0].items.map((i) => i.text)).toEqual(['Ghi chú: bản này được chép lại từ bản giấy.']);
		expect(doc.sections.at(-1)?.items.map((i) => i.text)).toEqual(['Ký bởi: Văn phòng UBND xã Đa Quyn']);
		expect(doc.warnings.map((w) => [w.line, w.text])).toEqual([
			[first.line, 'Ghi chú: bản này được chép lại từ bản giấy.'],
			[lines.indexOf('Ký bởi: Văn phòng UBND xã Đa Quyn') + 1, 'Ký bởi: Văn phòng UBND xã Đa Quyn']
		]);
		expect(outline(doc.sections.slice(1, -1))).toEqual(outline(parsePlanText(daQuyn).sections));
		expect(doc.signer?.name).toBe('Nguyễn Văn Dương');
	});

	it('page numbers of a PDF text are left out of sentences and listed as warnings', () => {
		const withPage = daQuyn.replace('(facebook, zalo,…), \n', '(facebook, zalo,…), \n\n\n   2   \n\n\n');
		const doc = parsePlanText(withPage);
		expect(bodyTexts(doc)).toContain('Truyền thông trên các phương tiện thông tin đại chúng (facebook, zalo,…), loa truyền thanh… từ xã tới thôn.');
		expect(doc.warnings).toEqual([expect.objectContaining({ text: '2' })]);
	});

	it('a skipped number or letter is kept and warned about', () => {
		const doc = parsePlanText(haBinh.replace('d) Thực hiện các chương trình', 'g) Thực hiện các chương trình'));
		expect(doc.sections[2].sections[0].items.map((i) => i.marker)).toEqual(['a)', 'b)', 'c)', 'g)', 'đ)', 'e)']);
		expect(doc.warnings.map((w) => w.message).filter((m) => m.includes('c)'))).toEqual(['Số thứ tự không liền mạch: sau c) là g) / Numbering skips: g) follows c)']);
	});
});

describe('layout of text taken from a PDF', () => {
	const plan = (body: string) =>
		parsePlanText(`KẾ HOẠCH\n\nTruyền thông năm 2024\n\nI. MỤC ĐÍCH\n\n${body}\n\nII. TỔ CHỨC THỰC HIỆN\n\nUBND xã thực hiện.\n\nCHỦ TỊCH\n\nNguyễn Văn A\n`);

	it('a dash that opens a wrapped line in mid-sentence is not a bullet', () => {
		const lines = [
			'- Phát triển chuỗi giá trị, tăng cường gắn kết quân dân, gắn kết phát triển kinh tế',
			'- xã hội với xây dựng thế trận lòng dân, quốc phòng và an ninh nhân dân trên địa bàn',
			'toàn xã trong năm tới, chú trọng những thôn đặc biệt khó khăn và hộ nghèo, hộ cận',
			'nghèo, hộ mới thoát nghèo; lồng ghép với các chương trình mục tiêu quốc gia khác',
			'của huyện và của tỉnh.',
			'- Tổ chức đối thoại chính sách với người dân ở các thôn trong quý đầu của năm, mời',
			'đại diện các hộ nghèo tham gia.'
		];
		const doc = plan(lines.join('\n\n'));
		expect(doc.sections[0].items.map((i) => i.text)).toEqual([
			'Phát triển chuỗi giá trị, tăng cường gắn kết quân dân, gắn kết phát triển kinh tế - xã hội với xây dựng thế trận lòng dân, quốc phòng và an ninh nhân dân trên địa bàn toàn xã trong năm tới, chú trọng những thôn đặc biệt khó khăn và hộ nghèo, hộ cận nghèo, hộ mới thoát nghèo; lồng ghép với các chương trình mục tiêu quốc gia khác của huyện và của tỉnh.',
			'Tổ chức đối thoại chính sách với người dân ở các thôn trong quý đầu của năm, mời đại diện các hộ nghèo tham gia.'
		]);
	});

	it('Markdown escapes and emphasis go, literal asterisks stay; a typed dash ("\\-" from pandoc) is a bullet', () => {
		const doc = plan('\\- Hộ nghèo (\\*) được **ưu tiên** hỗ trợ; ghi chú (*) ở cuối trang.');
		expect(doc.sections[0].items).toEqual([{ marker: '-', text: 'Hộ nghèo (*) được ưu tiên hỗ trợ; ghi chú (*) ở cuối trang.', items: [] }]);
	});
});
