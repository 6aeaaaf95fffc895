import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtml, renderHtmlPage } from './html';
import { buildDocument } from './testing';

/** Visible text of an HTML fragment, tags and the style sheet removed. */
const textOf = (html: string) =>
	html
		.replace(/<style>[\s\S]*?<\/style>/g, '')
		.replace(/<br>/g, '\n')
		.replace(/<[^>]+>/g, ' ')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&');

describe('renderHtml', () => {
	it('shows the frame and the body in document order', () => {
		const text = textOf(renderHtml(buildDocument()));
		const order = [
			'UBND HUYỆN ĐỨC TRỌNG',
			'ỦY BAN NHÂN DÂN',
			'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
			'Độc lập - Tự do - Hạnh phúc',
			'Số: 07/KH-UBND',
			'Đa Quyn, ngày 05 tháng 02 năm 2024',
			'KẾ HOẠCH',
			'giảm nghèo bền vững năm 2024',
			'I. MỤC ĐÍCH, YÊU CẦU',
			'a) Tăng cường truyền thông & nâng cao nhận thức <người dân>.',
			'Bản tin phát thanh',
			'Nơi nhận:',
			'- Lưu: VT, VHXH.',
			'TM. ỦY BAN NHÂN DÂN',
			'CHỦ TỊCH',
			'Nguyễn Văn Dương'
		];
		let at = 0;
		for (const piece of order) {
			const found = text.indexOf(piece, at);
			expect(found, piece).toBeGreaterThanOrEqual(at);
			at = found + piece.length;
		}
	});

	it('escapes every text: nothing from the document becomes markup', () => {
		const evil = '<script>alert(1)</script><img src=x onerror="alert(2)">\'"&';
		const html = renderHtml(
			buildDocument({
				issuer: [evil],
				parentIssuer: evil,
				place: evil,
				symbol: evil,
				title: evil,
				documentType: evil,
				body: [
					{ kind: 'heading', level: 1, number: evil, text: evil },
					{ kind: 'paragraph', marker: evil, text: [{ text: evil, bold: true }] },
					{ kind: 'table', caption: evil, header: [evil], rows: [[evil]] }
				],
				recipients: [evil],
				signer: { authority: evil, title: evil, name: evil }
			})
		);
		const markup = html.replace(/<style>[\s\S]*?<\/style>/, '');
		expect(markup).not.toMatch(/<script|<img|onerror="/i);
		expect(markup).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(escapeHtml('a"b\'c')).toBe('a&quot;b&#39;c');
	});

	it('uses real headings, a language and a labelled recipients list', () => {
		const html = renderHtml(buildDocument());
		expect(html).toMatch(/^<div class="lt-doc" lang="vi"><style>/);
		expect(html).toMatch(/<h2 class="lt-doc__title"><span class="lt-doc__type">KẾ HOẠCH<\/span>/);
		expect(html).toContain('<h3 class="lt-doc__h lt-doc__h--1">I. MỤC ĐÍCH, YÊU CẦU</h3>');
		expect(html).toContain('<h4 class="lt-doc__h lt-doc__h--2">1. Mục đích</h4>');
		expect(html).toContain('<section class="lt-doc__recipients" aria-label="Nơi nhận">');
		expect(html).toContain('<th scope="col">Chỉ tiêu</th>');
		expect(renderHtml(buildDocument(), { headingLevel: 1 })).toContain('<h1 class="lt-doc__title">');
	});

	it('styles the page as printed: Times New Roman, 14 pt body, A4 width and the decree margins', () => {
		const html = renderHtml(buildDocument());
		expect(html).toContain('font-family:"Times New Roman"');
		expect(html).toContain('font-size:14pt');
		expect(html).toContain('max-width:210mm');
		expect(html).toContain('padding:20mm 15mm 20mm 30mm');
	});

	it('makes a whole page for downloads', () => {
		const page = renderHtmlPage(buildDocument());
		expect(page).toMatch(/^<!doctype html><html lang="vi"><head><meta charset="utf-8">/);
		expect(page).toContain('<title>KẾ HOẠCH Truyền thông về Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2024</title>');
		expect(page).toContain('<h1 class="lt-doc__title">');
	});
});
