import { RateLimiter } from '../../http/rate-limit';
import { AppError } from '../../errors';

/**
 * Abuse limits of the public feedback channel, per process. The defaults are the production
 * limits; the variables exist so that a benchmark server can raise them for its own load (never
 * set them in production):
 * - LANTOA_FEEDBACK_IP_LIMIT: submissions per IP per hour (20: a commune office's kiosk shares one IP);
 * - LANTOA_FEEDBACK_PHONE_LIMIT: submissions per phone number per day (5);
 * - LANTOA_FEEDBACK_LOOKUP_LIMIT: tracking-code lookups and reopenings per IP per 10 minutes (30).
 */
function limit(name: string, fallback: number): number {
	const n = Number(process.env[name]);
	return Number.isInteger(n) && n > 0 ? n : fallback;
}

let limiters: { ip: RateLimiter; phone: RateLimiter; lookup: RateLimiter } | undefined;
function get() {
	limiters ??= {
		ip: new RateLimiter(limit('LANTOA_FEEDBACK_IP_LIMIT', 20), 60 * 60_000),
		phone: new RateLimiter(limit('LANTOA_FEEDBACK_PHONE_LIMIT', 5), 24 * 60 * 60_000),
		lookup: new RateLimiter(limit('LANTOA_FEEDBACK_LOOKUP_LIMIT', 30), 10 * 60_000)
	};
	return limiters;
}

const tooMany = () => new AppError('TOO_MANY_REQUESTS', 'feedback.tooMany');

/** Counts a submission from this IP (and phone, when given); 429 when over the limit. */
export function takeSubmission(ip: string | undefined, phone: string | null): void {
	const l = get();
	if (!l.ip.take(ip ?? 'unknown')) throw tooMany();
	if (phone && !l.phone.take(phone)) throw tooMany();
}

/** Rate-limited: without a limit, tracking codes could be enumerated by trying them. */
export function takeLookup(ip: string | undefined): void {
	if (!get().lookup.take(ip ?? 'unknown')) throw new AppError('TOO_MANY_REQUESTS', 'feedback.tooManyLookups');
}

/** Forgets every count (tests). */
export function resetFeedbackLimits(): void {
	limiters = undefined;
}
