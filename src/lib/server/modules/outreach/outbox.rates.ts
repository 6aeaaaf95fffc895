import { outreachEndpoints } from './outreach.config';
import type { AccountRow } from './outbox.repository';

/** Messages per second by channel when neither the account nor the environment says otherwise. */
export const defaultRates: Record<string, number> = { sms: 20, zns: 10, email: 5, zalo_oa: 5, facebook: 1 };

const envNames: Record<string, string> = {
	sms: 'LANTOA_RATE_SMS',
	zns: 'LANTOA_RATE_ZNS',
	email: 'LANTOA_RATE_EMAIL',
	zalo_oa: 'LANTOA_RATE_ZALO_OA',
	facebook: 'LANTOA_RATE_FACEBOOK'
};

function positive(value: unknown): number | null {
	const n = typeof value === 'string' ? Number(value.trim()) : typeof value === 'number' ? value : NaN;
	return Number.isFinite(n) && n >= 1 ? Math.min(10_000, Math.floor(n)) : null;
}

/** The pace of a channel: the account's `settings.ratePerSecond`, else LANTOA_RATE_<CHANNEL>, else the default. */
export function rateFor(channel: string, account: AccountRow | null, env: NodeJS.ProcessEnv = process.env): number {
	return positive(account?.settings?.ratePerSecond) ?? positive(env[envNames[channel] ?? '']) ?? defaultRates[channel] ?? 1;
}

/**
 * Whether a message of `channel` has somewhere to go: an e-mail server, an SMS gateway with a key,
 * or the unit's account with its token for Zalo and Facebook. A message without is given up with
 * "not configured" (an officer retries it once the account is set).
 */
export function channelConfigured(channel: string, account: AccountRow | null, env: NodeJS.ProcessEnv = process.env): boolean {
	const config = outreachEndpoints(env);
	// A demo account's keys are made up: nothing goes out through it until an officer enters real ones.
	if (account?.settings?.demo === true) return false;
	switch (channel) {
		case 'email':
			return !!(config.smtpUrl || (typeof account?.settings?.smtpUrl === 'string' && account.settings.smtpUrl));
		case 'sms':
			return !!config.smsGateway && !!(account?.hasToken || config.smsApiKey);
		case 'zns':
		case 'zalo_oa':
		case 'facebook':
			return !!account?.hasToken;
		default:
			return false;
	}
}
