import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { vi } from './vi';
import { en } from './en';
import { isMessageKey, negotiateLocale, t, tBoth, translator } from './index';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
	it('en has exactly the keys of vi', () => {
		const viKeys = Object.keys(vi).sort();
		const enKeys = Object.keys(en).sort();
		expect(enKeys.filter((k) => !(k in vi)), 'in en, not in vi').toEqual([]);
		expect(viKeys.filter((k) => !(k in en)), 'in vi, not in en').toEqual([]);
		expect(enKeys).toEqual(viKeys);
	});

	it('a parameter given per language wins over the plain one in that language only', () => {
		const params = { platform: 'X', platform_en: 'Facebook Page', platform_vi: 'Trang Facebook' };
		expect(t('en', 'publishing.pub.already', params)).toBe('This item is already published to Facebook Page.');
		expect(t('vi', 'publishing.pub.already', params)).toContain('lên Trang Facebook rồi');
		expect(t('en', 'publishing.pub.already', { platform: 'Zalo' })).toContain('to Zalo.');
	});

	it('no message is empty', () => {
		for (const [name, catalog] of [['vi', vi], ['en', en]] as const) {
			const empty = Object.entries(catalog).filter(([, text]) => typeof text !== 'string' || text.trim() === '');
			expect(empty.map(([k]) => `${name}:${k}`)).toEqual([]);
		}
	});

	it('placeholders are the same in both languages', () => {
		const mismatched = Object.keys(vi)
			.filter((k) => k in en)
			.filter((k) => placeholders(vi[k as keyof typeof vi]).join() !== placeholders(en[k as keyof typeof en]).join())
			.map((k) => `${k}: vi {${placeholders(vi[k as keyof typeof vi])}} en {${placeholders(en[k as keyof typeof en])}}`);
		expect(mismatched).toEqual([]);
	});

	it('braces are only ever whole placeholders', () => {
		const broken: string[] = [];
		for (const [name, catalog] of [['vi', vi], ['en', en]] as const) {
			for (const [key, text] of Object.entries(catalog)) if (/[{}]/.test(text.replace(/\{\w+\}/g, ''))) broken.push(`${name}:${key}`);
		}
		expect(broken).toEqual([]);
	});

	it('every message key named by server code exists in the catalog', () => {
		const root = path.resolve('src/lib/server');
		const files = fs
			.readdirSync(root, { recursive: true, encoding: 'utf8' })
			.filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
			.map((f) => path.join(root, f));
		const used = new Set<string>();
		const pattern = /(?:new AppError\(\s*'[A-Z_]+',\s*|\b(?:invalid|forbidden|conflict|notFound)\(\s*)'([a-zA-Z0-9_.]+)'/g;
		for (const file of files) for (const m of fs.readFileSync(file, 'utf8').matchAll(pattern)) used.add(m[1]);
		expect(used.size).toBeGreaterThan(10);
		expect([...used].filter((k) => !isMessageKey(k))).toEqual([]);
	});
});

describe('translation', () => {
	it('fills placeholders and leaves unknown ones visible', () => {
		expect(t('vi', 'login.locked', { minutes: 15 })).toContain('15 phút');
		expect(t('en', 'login.locked', { minutes: 15 })).toContain('15 minutes');
		expect(t('en', 'login.locked')).toContain('{minutes}');
		expect(translator('en')('nav.signOut')).toBe(en['nav.signOut']);
	});

	it('tBoth shows Vietnamese first, once when both read the same', () => {
		expect(tBoth('login.failed')).toBe(`${vi['login.failed']} / ${en['login.failed']}`);
		expect(tBoth('app.name')).toBe('Lan Tỏa');
	});

	it('picks the remembered language, else the browser’s, else Vietnamese', () => {
		expect(negotiateLocale('en', 'vi-VN')).toBe('en');
		expect(negotiateLocale(undefined, 'en-GB,en;q=0.9')).toBe('en');
		expect(negotiateLocale(undefined, 'fr-FR,en;q=0.5')).toBe('vi');
		expect(negotiateLocale('xx', null)).toBe('vi');
	});
});
