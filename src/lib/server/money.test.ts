import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { moneySchema, optionalMoneySchema, parseMoney, readMoney } from './money';

const MAX = 1_000_000_000;

describe('readMoney', () => {
	it('reads amounts typed with dots, spaces or nothing between thousands, and numbers from the API', () => {
		const cases: [unknown, number][] = [
			['1.500.000', 1_500_000],
			['1 500 000', 1_500_000],
			['1\u00a0500\u00a0000', 1_500_000],
			['1\u202f500\u202f000', 1_500_000],
			['1500000', 1_500_000],
			[' 2.000 đ', 2_000],
			['2.000đ', 2_000],
			['3.000 đồng', 3_000],
			['45.000 VNĐ', 45_000],
			['45.000 vnd', 45_000],
			[750_000, 750_000],
			[String(MAX), MAX]
		];
		for (const [input, expected] of cases) expect(readMoney(input, MAX), String(input)).toEqual({ ok: true, value: expected });
	});

	it('says why an amount is refused and never rounds', () => {
		const cases: [unknown, string][] = [
			['', 'required'],
			['   ', 'required'],
			[null, 'required'],
			[undefined, 'required'],
			['đ', 'format'],
			['1,5', 'format'],
			['1.5', 'format'],
			['1.50.000', 'format'],
			['1.5e6', 'format'],
			['1e6', 'format'],
			['12abc', 'format'],
			['năm triệu', 'format'],
			['１２３', 'format'],
			['NaN', 'format'],
			['50 00000', 'format'],
			[1.5, 'format'],
			[Number.NaN, 'format'],
			[Number.POSITIVE_INFINITY, 'format'],
			[{}, 'format'],
			[true, 'format'],
			['-1.000', 'notPositive'],
			['-5000', 'notPositive'],
			[-3, 'notPositive'],
			[0, 'notPositive'],
			['0', 'notPositive'],
			['000', 'notPositive'],
			[MAX + 1, 'tooLarge'],
			['99999999999999999999', 'tooLarge']
		];
		for (const [input, problem] of cases) expect(readMoney(input, MAX), String(input)).toEqual({ ok: false, problem });
		expect(parseMoney('1,5', MAX)).toBeNull();
		expect(parseMoney('1.000', MAX)).toBe(1000);
	});

	it('gives the schema the module’s message for each problem', () => {
		const schema = moneySchema(MAX, { required: 'm.required', format: 'm.format', notPositive: 'm.positive', tooLarge: 'm.large' });
		const message = (v: unknown) => {
			const r = schema.safeParse(v);
			return r.success ? r.data : r.error.issues[0].message;
		};
		expect(message('2.500.000')).toBe(2_500_000);
		expect(message('')).toBe('m.required');
		expect(message('2,5')).toBe('m.format');
		expect(message('-2')).toBe('m.positive');
		expect(message(MAX * 10)).toBe('m.large');
	});
});

describe('optionalMoneySchema', () => {
	it('reads a blank field as not given and refuses the rest as moneySchema does', () => {
		const schema = optionalMoneySchema(MAX, { required: 'm.required', format: 'm.format', notPositive: 'm.positive', tooLarge: 'm.large' });
		for (const blank of ['', '  ', null, undefined]) expect(schema.parse(blank)).toBeNull();
		expect(schema.parse('850.000')).toBe(850_000);
		const r = schema.safeParse(-1);
		expect(r.success ? null : r.error.issues[0].message).toBe('m.positive');
	});
});

describe('optionalMoneySchema in an object', () => {
	it('may be left out of the object', () => {
		const schema = z.object({ value: optionalMoneySchema(MAX, { required: 'r', format: 'f', notPositive: 'p', tooLarge: 't' }) });
		expect(schema.parse({})).toEqual({ value: null });
		expect(schema.parse({ value: '1.000' })).toEqual({ value: 1000 });
	});
});
