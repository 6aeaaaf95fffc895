import { z } from 'zod';
import { AppError, pgErrorCode, type ErrorDetail } from '../errors';
import { t, type Locale, isMessageKey } from '../../i18n';
import { log } from '../log';

export interface ErrorBody {
	error: { code: string; message: string; details: ErrorDetail[] };
}

/** Zod issues as details: the path and a message in the chosen language. */
export function zodDetails(err: z.ZodError, locale: Locale): ErrorDetail[] {
	return err.issues.slice(0, 50).map((issue) => ({
		path: issue.path.map(String).join('.'),
		// A schema may name a catalog message; otherwise zod's own text in the chosen language.
		message: isMessageKey(issue.message) ? t(locale, issue.message, { min: 10 }) : localiseIssue(issue, locale)
	}));
}

const zodVi = z.locales.vi().localeError;
const zodEn = z.locales.en().localeError;

function localiseIssue(issue: z.core.$ZodIssue, locale: Locale): string {
	const map = locale === 'vi' ? zodVi : zodEn;
	const out = map(issue as never);
	const text = typeof out === 'string' ? out : out?.message;
	return text ?? issue.message;
}

/** Any thrown value as the one error shape of the API; unexpected errors are logged and hidden. */
export function toErrorBody(err: unknown, locale: Locale): { status: number; body: ErrorBody } {
	if (err instanceof AppError) {
		return {
			status: err.status,
			body: { error: { code: err.code, message: t(locale, err.messageKey, err.params), details: err.details } }
		};
	}
	if (err instanceof z.ZodError) {
		return {
			status: 400,
			body: { error: { code: 'VALIDATION', message: t(locale, 'error.validation'), details: zodDetails(err, locale) } }
		};
	}
	// Text PostgreSQL cannot store (a NUL character) is bad input that no schema caught, not a failure.
	if (pgErrorCode(err) === '22021') return toErrorBody(new AppError('VALIDATION', 'error.validation'), locale);
	log.error({ err }, 'unhandled error');
	return { status: 500, body: { error: { code: 'INTERNAL', message: t(locale, 'error.internal'), details: [] } } };
}
