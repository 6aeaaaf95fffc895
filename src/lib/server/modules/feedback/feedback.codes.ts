import { randomInt } from 'node:crypto';

/** Letters and digits that cannot be mistaken for one another when read aloud or copied (no 0/O, 1/I/L). */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 12;

/**
 * A new tracking code: 12 characters drawn with the system's cryptographic generator, about
 * 59 bits, so codes cannot be guessed or walked (lookups are rate-limited as well).
 */
export function newTrackingCode(): string {
	let code = '';
	for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
	return code;
}

/** A code as people type it ("abcd-efgh 2345"): upper case, spaces and hyphens removed; null when it cannot be one. */
export function normaliseTrackingCode(input: string): string | null {
	const code = input.toUpperCase().replace(/[\s-]/g, '');
	if (code.length !== CODE_LENGTH) return null;
	for (const c of code) if (!CODE_ALPHABET.includes(c)) return null;
	return code;
}

/** Shown in groups of four, easier to read out on the phone: "ABCD-EFGH-2345". */
export function formatTrackingCode(code: string): string {
	return code.match(/.{1,4}/g)!.join('-');
}
