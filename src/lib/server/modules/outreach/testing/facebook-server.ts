import { randomBytes } from 'node:crypto';
import { appSecretProof } from '../outreach.crypto';
import { startProtocolServer, type RecordedRequest, type Reply } from './sms-server';

/**
 * Facebook Graph API, as far as Lan Tỏa uses it: a Page's feed post (now or scheduled), a post's
 * counts and its insights. Requests must carry the Page's access token and the matching
 * `appsecret_proof`; errors come back in Graph's shape `{ error: { message, type, code,
 * error_subcode, fbtrace_id } }`.
 */

export interface FakePage {
	id: string;
	accessToken: string;
	appSecret: string;
}

export interface FakePost {
	id: string;
	pageId: string;
	message: string;
	link: string | null;
	published: boolean;
	scheduledPublishTime: number | null;
	at: Date;
}

const trace = () => randomBytes(8).toString('base64url');

export function graphError(status: number, code: number, message: string, type = 'OAuthException', subcode?: number): Reply {
	return { status, body: { error: { message, type, code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: trace() } } };
}

export async function startFakeFacebook(opts: { pages?: FakePage[] } = {}) {
	const pages = new Map<string, FakePage>();
	for (const p of opts.pages ?? [{ id: '100200300400500', accessToken: 'EAAtestpagetoken' + randomBytes(6).toString('hex'), appSecret: 'appsecret' + randomBytes(6).toString('hex') }])
		pages.set(p.id, p);
	const posts = new Map<string, FakePost>();
	const engagement = new Map<string, { shares?: number; reactions?: number; comments?: number; impressions?: number; reach?: number }>();

	/** Token and proof of the request, checked against the page the path names (or the post's page). */
	function authorise(r: RecordedRequest, pageId: string | undefined): Reply | null {
		const token = String(r.body.access_token ?? r.query.access_token ?? '');
		const proof = String(r.body.appsecret_proof ?? r.query.appsecret_proof ?? '');
		const page = pageId ? pages.get(pageId) : undefined;
		if (!token) return graphError(400, 2500, 'An active access token must be used to query information about the current user.');
		if (!page || page.accessToken !== token) return graphError(400, 190, 'Error validating access token: The session is invalid.', 'OAuthException', 460);
		if (!proof) return graphError(400, 100, 'API calls from the server require an appsecret_proof argument', 'GraphMethodException');
		if (proof !== appSecretProof(token, page.appSecret)) return graphError(400, 100, 'Invalid appsecret_proof provided in the API argument', 'GraphMethodException');
		return null;
	}

	const controls = await startProtocolServer({
		sending: (r) => r.method === 'POST' && /\/feed$/.test(r.path),
		// Page-level throttling: code 32, with the header telling how long until access comes back (minutes).
		rateLimitReply: (s) => ({
			...graphError(400, 32, 'Page request limit reached'),
			headers: { 'x-page-usage': JSON.stringify({ call_count: 100, total_cputime: 20, total_time: 20, estimated_time_to_regain_access: Math.max(1, Math.ceil(s / 60)) }) }
		}),
		route(r) {
			const parts = r.path.replace(/^\/(v\d+\.\d+\/)?/, '').split('/').filter(Boolean);
			if (r.method === 'POST' && parts.length === 2 && parts[1] === 'feed') {
				const pageId = parts[0];
				const denied = authorise(r, pageId);
				if (denied) return denied;
				const message = typeof r.body.message === 'string' ? r.body.message : '';
				const link = typeof r.body.link === 'string' ? r.body.link : '';
				if (!message && !link) return graphError(400, 100, '(#100) Invalid parameter', 'OAuthException');
				if (message.length > 63_206) return graphError(400, 100, '(#100) Message is too long', 'OAuthException');
				if (link && !/^https?:\/\//.test(link)) return graphError(400, 100, '(#100) The link is not a valid URL', 'OAuthException');
				const published = String(r.body.published ?? 'true') !== 'false';
				let scheduled: number | null = null;
				if (!published) {
					scheduled = Number(r.body.scheduled_publish_time);
					const now = Date.now() / 1000;
					if (!Number.isInteger(scheduled) || scheduled < now + 600 - 5 || scheduled > now + 30 * 86400)
						return graphError(400, 100, '(#100) The specified scheduled publish time is invalid.', 'OAuthException', 1_363_003);
				} else if (r.body.scheduled_publish_time !== undefined) return graphError(400, 100, '(#100) Cannot specify a scheduled publish time on a published post', 'OAuthException');
				const id = `${pageId}_${Date.now()}${Math.floor(Math.random() * 1e6)}`;
				posts.set(id, { id, pageId, message, link: link || null, published, scheduledPublishTime: scheduled, at: new Date() });
				const key = `${pageId}:${message}:${link}`;
				controls.delivered.set(key, (controls.delivered.get(key) ?? 0) + 1);
				return { status: 200, body: { id } };
			}
			if (r.method === 'GET' && parts.length === 1) {
				const post = posts.get(parts[0]);
				if (!post) return graphError(400, 100, `(#100) Unsupported get request. Object with ID '${parts[0]}' does not exist`, 'GraphMethodException', 33);
				const denied = authorise(r, post.pageId);
				if (denied) return denied;
				const e = engagement.get(post.id) ?? {};
				const fields = String(r.query.fields ?? 'id');
				const body: Record<string, unknown> = { id: post.id };
				if (fields.includes('shares') && e.shares) body.shares = { count: e.shares };
				if (fields.includes('reactions')) body.reactions = { data: [], summary: { total_count: e.reactions ?? 0, viewer_reaction: 'NONE' } };
				if (fields.includes('comments')) body.comments = { data: [], summary: { order: 'ranked', total_count: e.comments ?? 0, can_comment: true } };
				if (fields.includes('permalink_url')) body.permalink_url = `https://www.facebook.com/${post.pageId}/posts/${post.id.split('_')[1]}`;
				return { status: 200, body };
			}
			if (r.method === 'GET' && parts.length === 2 && parts[1] === 'insights') {
				const post = posts.get(parts[0]);
				if (!post) return graphError(400, 100, `(#100) Object with ID '${parts[0]}' does not exist`, 'GraphMethodException', 33);
				const denied = authorise(r, post.pageId);
				if (denied) return denied;
				const e = engagement.get(post.id) ?? {};
				const metrics = String(r.query.metric ?? '').split(',').filter(Boolean);
				const values: Record<string, number | undefined> = { post_impressions: e.impressions, post_impressions_unique: e.reach };
				const unknown = metrics.find((m) => !(m in values));
				if (!metrics.length || unknown) return graphError(400, 100, `(#100) The value must be a valid insights metric`, 'OAuthException');
				return {
					status: 200,
					body: { data: metrics.map((name) => ({ name, period: 'lifetime', values: [{ value: values[name] ?? 0 }], id: `${post.id}/insights/${name}/lifetime` })), paging: {} }
				};
			}
			return graphError(400, 100, '(#100) Unknown path components', 'OAuthException', 2500);
		}
	});
	return {
		...controls,
		pages: [...pages.values()],
		posts,
		/** Set the figures a post's fields and insights answer. */
		setEngagement(postId: string, figures: { shares?: number; reactions?: number; comments?: number; impressions?: number; reach?: number }) {
			engagement.set(postId, figures);
		},
		/** Answer the next `n` posts with "token expired" (code 190, subcode 463). */
		expireTokenNext(n: number) {
			controls.failNext(n, graphError(400, 190, 'Error validating access token: Session has expired.', 'OAuthException', 463));
		}
	};
}

export type FakeFacebook = Awaited<ReturnType<typeof startFakeFacebook>>;
