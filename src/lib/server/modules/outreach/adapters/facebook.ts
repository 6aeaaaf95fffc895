import { outreachEndpoints } from '../outreach.config';
import { appSecretProof } from '../outreach.crypto';
import { callPlatform } from './sms';
import { DeliveryError, type AccountCredentials, type ChannelAdapter, type OutgoingMessage } from './types';

/**
 * Facebook Graph API, Pages: a post on the Page's feed (`POST /{page-id}/feed` with `message`,
 * `link`), published now, or scheduled by Facebook itself (`published=false` and
 * `scheduled_publish_time`, which Facebook takes 10 minutes to 30 days ahead). Every call carries
 * the Page access token and `appsecret_proof`. The account's webhook secret is the app secret.
 */

const MIN_SCHEDULE_S = 10 * 60;
const MAX_SCHEDULE_S = 30 * 86400;

interface GraphError {
	message?: string;
	type?: string;
	code?: number;
	error_subcode?: number;
	is_transient?: boolean;
}

/** Minutes Facebook says until access comes back, from its usage headers; null when absent. */
function regainSeconds(response: Response): number | null {
	for (const name of ['x-page-usage', 'x-app-usage', 'x-business-use-case-usage']) {
		const raw = response.headers.get(name);
		if (!raw) continue;
		const m = /"estimated_time_to_regain_access"\s*:\s*(\d+)/.exec(raw);
		if (m && Number(m[1]) > 0) return Number(m[1]) * 60;
	}
	return null;
}

/** A Graph error as a DeliveryError: throttling retried when Facebook says, a bad token or parameter not at all. */
export function graphFailure(response: Response, body: unknown): DeliveryError {
	const error = ((body ?? {}) as { error?: GraphError }).error;
	const status = response.status;
	if (!error || typeof error.code !== 'number') return new DeliveryError(`facebook answered ${status}`, { retryable: status >= 500 || status === 429, httpStatus: status });
	const text = `facebook error ${error.code}${error.error_subcode ? '/' + error.error_subcode : ''}: ${(error.message ?? '').slice(0, 200)}`;
	// 4 app, 17 user, 32 page, 613 calls within a time, 80001 page business-use-case: throttling.
	if ([4, 17, 32, 613, 80001].includes(error.code))
		return new DeliveryError(text, { retryable: true, rateLimited: true, retryAfterSeconds: regainSeconds(response) ?? 300, httpStatus: status });
	// 1 unknown, 2 service temporarily unavailable: Facebook's own hiccups.
	if (error.code === 1 || error.code === 2 || error.is_transient || status >= 500) return new DeliveryError(text, { retryable: true, httpStatus: status });
	// 190 token invalid or expired, 10/200-299 permissions, 100 invalid parameter, 368 blocked: an officer must act.
	return new DeliveryError(text, { retryable: false, httpStatus: status });
}

function pageOf(account: AccountCredentials | null): { pageId: string; token: string; appSecret: string } {
	if (!account?.externalId || !account.accessToken || !account.webhookSecret)
		throw new DeliveryError('the unit\'s Facebook Page account lacks its page id, access token or app secret', { retryable: false });
	return { pageId: account.externalId, token: account.accessToken, appSecret: account.webhookSecret };
}

export function postUrl(postId: string): string {
	const [page, post] = postId.split('_');
	return post ? `https://www.facebook.com/${page}/posts/${post}` : `https://www.facebook.com/${postId}`;
}

export const facebookAdapter: ChannelAdapter = {
	channel: 'facebook',
	async send(message: OutgoingMessage, signal: AbortSignal) {
		const { pageId, token, appSecret } = pageOf(message.account);
		const form = new URLSearchParams({ message: message.body, access_token: token, appsecret_proof: appSecretProof(token, appSecret) });
		if (typeof message.payload.link === 'string' && /^https?:\/\//.test(message.payload.link)) form.set('link', message.payload.link);
		const scheduledAt = typeof message.payload.scheduledAt === 'string' ? Date.parse(message.payload.scheduledAt) : NaN;
		if (!Number.isNaN(scheduledAt)) {
			const ahead = Math.floor((scheduledAt - Date.now()) / 1000);
			// Further than Facebook schedules: come back when it is within reach. Too near: post now.
			if (ahead > MAX_SCHEDULE_S - 3600)
				throw new DeliveryError('scheduled further ahead than Facebook takes', { retryable: true, rateLimited: true, retryAfterSeconds: ahead - MAX_SCHEDULE_S + 7200 });
			if (ahead >= MIN_SCHEDULE_S + 60) {
				form.set('published', 'false');
				form.set('scheduled_publish_time', String(Math.floor(scheduledAt / 1000)));
			}
		}
		const { response, body } = await callPlatform(
			`${outreachEndpoints().facebookGraph}/${encodeURIComponent(pageId)}/feed`,
			{ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() },
			signal
		);
		const id = ((body ?? {}) as { id?: unknown }).id;
		if (response.ok && typeof id === 'string') return { providerMessageId: id, externalUrl: postUrl(id) };
		throw graphFailure(response, body);
	}
};

export interface Engagement {
	reactions?: number;
	comments?: number;
	shares?: number;
	impressions?: number;
	reach?: number;
}

/**
 * A post's figures: reactions, comments and shares from the post's fields, impressions and reach
 * from its insights (left out when the token may not read insights). Throws DeliveryError.
 */
export async function facebookEngagement(externalId: string, account: AccountCredentials, signal: AbortSignal): Promise<Engagement> {
	const { token, appSecret } = pageOf(account);
	const auth = `access_token=${encodeURIComponent(token)}&appsecret_proof=${appSecretProof(token, appSecret)}`;
	const base = `${outreachEndpoints().facebookGraph}/${encodeURIComponent(externalId)}`;
	const fields = encodeURIComponent('shares,reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0)');
	const { response, body } = await callPlatform(`${base}?fields=${fields}&${auth}`, { method: 'GET' }, signal);
	if (!response.ok) throw graphFailure(response, body);
	const post = (body ?? {}) as { shares?: { count?: number }; reactions?: { summary?: { total_count?: number } }; comments?: { summary?: { total_count?: number } } };
	const figures: Engagement = {
		reactions: post.reactions?.summary?.total_count ?? 0,
		comments: post.comments?.summary?.total_count ?? 0,
		shares: post.shares?.count ?? 0
	};
	const insights = await callPlatform(`${base}/insights?metric=post_impressions,post_impressions_unique&${auth}`, { method: 'GET' }, signal);
	if (insights.response.ok) {
		for (const metric of ((insights.body ?? {}) as { data?: { name?: string; values?: { value?: unknown }[] }[] }).data ?? []) {
			const value = metric.values?.at(-1)?.value;
			if (typeof value !== 'number') continue;
			if (metric.name === 'post_impressions') figures.impressions = value;
			if (metric.name === 'post_impressions_unique') figures.reach = value;
		}
	}
	return figures;
}
