import type { MessageKey } from '../i18n';

export type ErrorCode =
	| 'VALIDATION'
	| 'UNAUTHENTICATED'
	| 'FORBIDDEN'
	| 'NOT_FOUND'
	| 'METHOD_NOT_ALLOWED'
	| 'CONFLICT'
	| 'LOCKED'
	| 'TOO_MANY_REQUESTS'
	| 'PAYLOAD_TOO_LARGE'
	| 'UNSUPPORTED_MEDIA_TYPE'
	/** A part the server relies on (LibreOffice for PDF) is not there or not answering. */
	| 'UNAVAILABLE'
	| 'INTERNAL';

export const httpStatus: Record<ErrorCode, number> = {
	VALIDATION: 400,
	UNAUTHENTICATED: 401,
	FORBIDDEN: 403,
	NOT_FOUND: 404,
	METHOD_NOT_ALLOWED: 405,
	CONFLICT: 409,
	LOCKED: 423,
	TOO_MANY_REQUESTS: 429,
	PAYLOAD_TOO_LARGE: 413,
	UNSUPPORTED_MEDIA_TYPE: 415,
	UNAVAILABLE: 503,
	INTERNAL: 500
};

export interface ErrorDetail {
	path?: string;
	row?: number;
	column?: string;
	message: string;
}

/**
 * The one error type of the application. `messageKey` names a catalog entry, so the same error
 * reads in Vietnamese or English wherever it is shown (API, page, command line).
 */
export class AppError extends Error {
	constructor(
		readonly code: ErrorCode,
		readonly messageKey: MessageKey,
		readonly params: Record<string, string | number> = {},
		readonly details: ErrorDetail[] = []
	) {
		super(`${code}: ${messageKey}`);
		this.name = 'AppError';
	}

	get status(): number {
		return httpStatus[this.code];
	}
}

export const notFound = (what: MessageKey = 'error.notFound', params = {}) =>
	new AppError('NOT_FOUND', what, params);
export const forbidden = (why: MessageKey = 'error.forbidden', params = {}) =>
	new AppError('FORBIDDEN', why, params);
export const conflict = (why: MessageKey, params = {}) => new AppError('CONFLICT', why, params);
export const invalid = (why: MessageKey, params = {}, details: ErrorDetail[] = []) =>
	new AppError('VALIDATION', why, params, details);

/** PostgreSQL error code of a driver error (23505 unique violation, …), through drizzle's wrapper. */
export function pgErrorCode(err: unknown): string | undefined {
	let e: unknown = err;
	for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
		e = (e as { cause?: unknown }).cause;
	}
	return undefined;
}
