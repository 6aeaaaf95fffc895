import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

/**
 * Local servers that speak a platform's documented HTTP protocol, for tests and benchmarks: they
 * check requests as the platform does and answer as it documents, errors and rate limits
 * included. This file holds the shared machinery and the SMS gateway.
 */

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: http.IncomingHttpHeaders;
	/** JSON or form fields of the body (form: strings). */
	body: Record<string, unknown>;
	rawBody: string;
	status: number;
}

export interface Reply {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

/** Controls every protocol server shares. */
export interface ServerControls {
	url: string;
	requests: RecordedRequest[];
	/** How many times each message (by its idempotency key or natural key) was delivered: more than 1 is a duplicate. */
	delivered: Map<string, number>;
	/** Answer the next `n` sending requests with a server error (default 500) or the given reply. */
	failNext(n: number, reply?: Reply): void;
	/** Answer the next `n` sending requests with the platform's rate-limit answer. */
	rateLimitNext(n: number, retryAfterSeconds?: number): void;
	/** Wait this long before answering each request. */
	slow(ms: number): void;
	/** Deliveries counted in `delivered`, all keys together. */
	deliveredCount(): number;
	/** Keys delivered more than once. */
	duplicates(): string[];
	close(): Promise<void>;
}

export interface ProtocolState {
	failing: { left: number; reply: Reply | null };
	limiting: { left: number; retryAfter: number };
	delayMs: number;
	maxBodyBytes: number;
}

type Route = (req: RecordedRequest, state: ProtocolState) => Reply | Promise<Reply>;

function parseBody(raw: string, type: string | undefined): Record<string, unknown> {
	if (!raw) return {};
	if ((type ?? '').includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
	try {
		const v = JSON.parse(raw);
		return v && typeof v === 'object' ? (v as Record<string, unknown>) : { _: v };
	} catch {
		return { _invalid: raw.slice(0, 200) };
	}
}

/**
 * Starts a node:http server on 127.0.0.1 (random port) answering through `route`. `sending`
 * tells which requests send something (the ones `failNext` and `rateLimitNext` act on), and
 * `rateLimitReply` how the platform says "too many".
 */
export async function startProtocolServer(opts: {
	route: Route;
	sending: (req: RecordedRequest) => boolean;
	rateLimitReply: (retryAfter: number) => Reply;
	maxBodyBytes?: number;
	/** False: keep no request log (a benchmark of 100,000 messages); deliveries are still counted. */
	recordRequests?: boolean;
}): Promise<ServerControls & { state: ProtocolState }> {
	const requests: RecordedRequest[] = [];
	const delivered = new Map<string, number>();
	const state: ProtocolState = { failing: { left: 0, reply: null }, limiting: { left: 0, retryAfter: 1 }, delayMs: 0, maxBodyBytes: opts.maxBodyBytes ?? 1_000_000 };
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > state.maxBodyBytes) tooLarge = true;
			else chunks.push(c);
		});
		req.on('end', async () => {
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const rawBody = Buffer.concat(chunks).toString('utf8');
			const recorded: RecordedRequest = {
				method: req.method ?? 'GET',
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				headers: req.headers,
				body: parseBody(rawBody, req.headers['content-type']),
				rawBody,
				status: 0
			};
			if (opts.recordRequests !== false) requests.push(recorded);
			if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
			let reply: Reply;
			try {
				if (tooLarge) reply = { status: 413, body: { error: 'payload_too_large' } };
				else if (opts.sending(recorded) && state.failing.left > 0) {
					state.failing.left--;
					reply = state.failing.reply ?? { status: 500, body: { error: 'internal_error' } };
				} else if (opts.sending(recorded) && state.limiting.left > 0) {
					state.limiting.left--;
					reply = opts.rateLimitReply(state.limiting.retryAfter);
				} else reply = await opts.route(recorded, state);
			} catch (err) {
				reply = { status: 500, body: { error: String(err) } };
			}
			recorded.status = reply.status;
			if (res.destroyed) return;
			res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
			res.end(JSON.stringify(reply.body));
		});
	});
	server.keepAliveTimeout = 1000;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		delivered,
		state,
		failNext(n, reply) {
			state.failing = { left: n, reply: reply ?? null };
		},
		rateLimitNext(n, retryAfterSeconds = 1) {
			state.limiting = { left: n, retryAfter: retryAfterSeconds };
		},
		slow(ms) {
			state.delayMs = ms;
		},
		deliveredCount: () => [...delivered.values()].reduce((a, b) => a + b, 0),
		duplicates: () => [...delivered].filter(([, n]) => n > 1).map(([k]) => k),
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

export function bearer(headers: http.IncomingHttpHeaders): string | null {
	const m = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
	return m ? m[1].trim() : null;
}

export interface SentSms {
	id: string;
	to: string;
	text: string;
	sender: string;
	reference: string | null;
	idempotencyKey: string;
}

/**
 * The HTTP SMS gateway (the protocol in docs/ARCHITECTURE.md): `POST /sms` with a bearer key and
 * an Idempotency-Key; the same key again answers the first result and sends nothing.
 */
export async function startFakeSmsGateway(opts: { apiKeys?: string[]; maxLength?: number; recordRequests?: boolean } = {}) {
	const apiKeys = new Set(opts.apiKeys ?? ['test-sms-key']);
	const maxLength = opts.maxLength ?? 612; // four concatenated 160-character parts, or 9 parts of 70 in Unicode: the gateway's limit
	const sent: SentSms[] = [];
	const byKey = new Map<string, { status: number; body: unknown }>();
	const controls = await startProtocolServer({
		recordRequests: opts.recordRequests,
		sending: (r) => r.method === 'POST' && r.path === '/sms',
		rateLimitReply: (s) => ({ status: 429, headers: { 'retry-after': String(s) }, body: { error: 'rate_limited' } }),
		route(r) {
			if (r.method !== 'POST' || r.path !== '/sms') return { status: 404, body: { error: 'not_found' } };
			const key = bearer(r.headers);
			if (!key || !apiKeys.has(key)) return { status: 401, body: { error: 'unauthorized' } };
			const idem = String(r.headers['idempotency-key'] ?? '');
			if (!idem || idem.length > 255) return { status: 400, body: { error: 'missing_idempotency_key' } };
			const earlier = byKey.get(idem);
			if (earlier) return earlier;
			const { to, text, sender, reference } = r.body as Record<string, unknown>;
			let answer: { status: number; body: unknown };
			if (typeof to !== 'string' || !/^84[35789]\d{8}$/.test(to)) answer = { status: 400, body: { error: 'invalid_number' } };
			else if (typeof text !== 'string' || !text.trim()) answer = { status: 400, body: { error: 'empty_text' } };
			else if (text.length > maxLength) answer = { status: 400, body: { error: 'text_too_long' } };
			else if (typeof sender !== 'string' || !sender.trim() || sender.length > 11) answer = { status: 400, body: { error: 'invalid_sender' } };
			else {
				const id = 'sms_' + randomUUID().replace(/-/g, '').slice(0, 16);
				sent.push({ id, to, text, sender, reference: typeof reference === 'string' ? reference : null, idempotencyKey: idem });
				controls.delivered.set(idem, (controls.delivered.get(idem) ?? 0) + 1);
				answer = { status: 200, body: { id, status: 'accepted' } };
			}
			// Only a final answer is kept for the key: a refused request may be corrected and sent again.
			if (answer.status === 200) byKey.set(idem, answer);
			return answer;
		}
	});
	return {
		...controls,
		sent,
		/** Accept another API key (a unit's own). */
		addApiKey(key: string) {
			apiKeys.add(key);
		}
	};
}

export type FakeSmsGateway = Awaited<ReturnType<typeof startFakeSmsGateway>>;
