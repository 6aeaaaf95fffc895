import { z } from 'zod';

/**
 * Amounts of money in whole đồng, read the way people type them. One reader for every module: a
 * form gives text ("1.500.000", "1 500 000", "1500000", "2.000 đ"), the API gives a number.
 * Dots or spaces separate groups of three digits; a trailing "đ", "đồng", "VNĐ" or "VND" is
 * allowed. Refused, never rounded: decimals ("1,5", "1.5"), exponents, letters, signs, zero,
 * and anything above the caller's ceiling.
 */

/** Why an amount was refused. */
export type MoneyProblem = 'required' | 'format' | 'notPositive' | 'tooLarge';

export type MoneyReading = { ok: true; value: number } | { ok: false; problem: MoneyProblem };

const SUFFIX = /\s*(đồng|đ|vnđ|vnd)\.?$/iu;
const GROUP_SPACE = /[ \u00a0\u202f]/g;

/** Reads an amount; `max` is the largest amount accepted. */
export function readMoney(value: unknown, max: number): MoneyReading {
	let n: number;
	if (typeof value === 'number') {
		if (!Number.isFinite(value) || !Number.isInteger(value)) return { ok: false, problem: 'format' };
		n = value;
	} else if (typeof value === 'string') {
		const s = value.normalize('NFC').trim().replace(SUFFIX, '');
		if (s === '') return { ok: false, problem: value.trim() === '' ? 'required' : 'format' };
		if (/^[-−–]\s*\d/.test(s)) return { ok: false, problem: 'notPositive' };
		if (/^\d+$/.test(s)) n = Number(s);
		else if (/^\d{1,3}(\.\d{3})+$/.test(s)) n = Number(s.replace(/\./g, ''));
		else if (/^\d{1,3}([ \u00a0\u202f]\d{3})+$/.test(s)) n = Number(s.replace(GROUP_SPACE, ''));
		else return { ok: false, problem: 'format' };
	} else if (value === undefined || value === null) return { ok: false, problem: 'required' };
	else return { ok: false, problem: 'format' };
	if (n <= 0) return { ok: false, problem: 'notPositive' };
	if (!Number.isSafeInteger(n) || n > max) return { ok: false, problem: 'tooLarge' };
	return { ok: true, value: n };
}

/** The amount, or null when it cannot be read (see readMoney). */
export function parseMoney(value: unknown, max: number): number | null {
	const r = readMoney(value, max);
	return r.ok ? r.value : null;
}

/**
 * A zod schema for a positive whole amount of đồng up to `max`, failing with the catalog key the
 * module gives for each problem.
 */
export function moneySchema(max: number, messages: Record<MoneyProblem, string>) {
	return z.unknown().transform((v, ctx) => {
		const r = readMoney(v, max);
		if (!r.ok) {
			ctx.addIssue({ code: 'custom', message: messages[r.problem] });
			return z.NEVER;
		}
		return r.value;
	});
}

/** As moneySchema, but a blank field (empty text, null, missing) is "not given": null. */
export function optionalMoneySchema(max: number, messages: Record<MoneyProblem, string>) {
	return z
		.unknown()
		.optional()
		.transform((v, ctx): number | null => {
			if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return null;
			const r = readMoney(v, max);
			if (!r.ok) {
				ctx.addIssue({ code: 'custom', message: messages[r.problem] });
				return z.NEVER;
			}
			return r.value;
		});
}
