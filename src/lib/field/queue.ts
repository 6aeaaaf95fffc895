/**
 * The village notebook's outbox, as pure functions: what a queued record is, which records are
 * due, and what an answer of the server does to a record. The IndexedDB store (store.ts) and the
 * sync loop (sync.ts) use these; the tests run them without a browser.
 */

/** Counts by audience group code (poor, near_poor, escaped, other). */
export type GroupCounts = Record<string, number>;

/** What the village head typed: the form's content, kept as typed so it can be corrected. */
export interface ActivityDraft {
	villageCode: string;
	channelCode: string;
	date: string;
	title: string;
	place: string;
	counts: GroupCounts;
	householdIds: string[];
	planId: string | null;
	themes: string[];
}

export type PhotoState = 'waiting' | 'sent' | 'invalid';

/** A photo queued with its activity; the blob itself lives in its own store under `id`. */
export interface QueuedPhoto {
	/** The evidence id, made on the phone: a repeated upload is stored once. */
	id: string;
	name: string;
	size: number;
	type: string;
	caption: string;
	state: PhotoState;
	error: ServerMessage | null;
}

/**
 * waiting: not yet stored (or to be sent again); sending: a request is under way; sent: the
 * server has it (and its photos); conflict: the server holds different content under the same id;
 * invalid: the server refused the content (4xx), kept for correction.
 */
export type QueueState = 'waiting' | 'sending' | 'sent' | 'conflict' | 'invalid';

/** An error as the API words it (`{ error: { code, message, details } }`). */
export interface ServerMessage {
	code: string;
	message: string;
	details: { path?: string; message: string }[];
	status?: number;
	/** A message of the phone itself (catalog key), when the server gave none. */
	key?: string;
}

export interface QueuedActivity {
	/** The activity's id, made on the phone before it was queued. */
	id: string;
	draft: ActivityDraft;
	photos: QueuedPhoto[];
	state: QueueState;
	/** Whether the activity itself is stored (its photos may still be waiting). */
	activityStored: boolean;
	/** Sending failed this many times in a row (network or server error). */
	attempts: number;
	/** Not before this time (ms since epoch) is it sent again. */
	nextAttemptAt: number;
	createdAt: number;
	updatedAt: number;
	sentAt: number | null;
	/** The version the server holds, once stored (a deliberate new version sends it back). */
	serverVersion: number | null;
	/** What the server holds under this id when it differs (a conflict). */
	serverCopy: unknown;
	/** Set when the village head chose to send theirs over the server's version `serverVersion`. */
	replaceVersion: number | null;
	error: ServerMessage | null;
	/** The account that made it (username); only that account's session sends it. */
	owner: string | null;
}

/** Whether `user` may see and send the record (records made before owners were kept belong to anyone). */
export function ownedBy(item: QueuedActivity, user: string): boolean {
	return item.owner == null || item.owner === user;
}

/** A new queue entry for a draft; `id` must come from the phone (crypto.randomUUID). */
export function newQueuedActivity(id: string, draft: ActivityDraft, photos: Omit<QueuedPhoto, 'state' | 'error'>[], now: number, owner: string | null = null): QueuedActivity {
	return {
		id,
		draft,
		photos: photos.map((p) => ({ ...p, state: 'waiting', error: null })),
		state: 'waiting',
		activityStored: false,
		attempts: 0,
		nextAttemptAt: now,
		createdAt: now,
		updatedAt: now,
		sentAt: null,
		serverVersion: null,
		serverCopy: null,
		replaceVersion: null,
		error: null,
		owner
	};
}

/** Wait before the next try after `attempts` failures: 5 s doubling to 10 minutes, with ±20 % jitter. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
	const base = Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 600_000);
	return Math.round(base * (0.8 + 0.4 * random()));
}

/** Records to send now, oldest first. A `sending` record left by a closed page is sent again. */
export function dueActivities(items: QueuedActivity[], now: number, opts: { force?: boolean; owner?: string } = {}): QueuedActivity[] {
	return items
		.filter((i) => (i.state === 'waiting' || i.state === 'sending') && (opts.force || i.nextAttemptAt <= now))
		.filter((i) => opts.owner === undefined || ownedBy(i, opts.owner))
		.sort((a, b) => a.createdAt - b.createdAt);
}

/** How an answer is taken: stored, a conflict, refused content, or a failure to try again later. */
export type Outcome =
	| { kind: 'stored'; version: number | null }
	| { kind: 'conflict'; error: ServerMessage }
	| { kind: 'invalid'; error: ServerMessage }
	| { kind: 'retry'; error: ServerMessage | null }
	| { kind: 'signedOut'; error: ServerMessage | null };

function asMessage(status: number, body: unknown): ServerMessage | null {
	const e = (body as { error?: Partial<ServerMessage> } | null)?.error;
	if (!e || typeof e.message !== 'string') return null;
	return { code: String(e.code ?? ''), message: e.message, details: Array.isArray(e.details) ? e.details : [], status };
}

/**
 * Reads the answer to a PUT: 200/201 stored; 409 a conflict; 401 signed out (kept, tried again
 * after signing in); 408/429 and 5xx a failure to retry; other 4xx refused content to correct.
 * `status` 0 is a network failure.
 */
export function classifyResponse(status: number, body: unknown): Outcome {
	const error = asMessage(status, body);
	if (status === 200 || status === 201) {
		const version = (body as { version?: unknown } | null)?.version;
		return { kind: 'stored', version: typeof version === 'number' ? version : null };
	}
	if (status === 409) return { kind: 'conflict', error: error ?? { code: 'CONFLICT', message: '', details: [], status } };
	if (status === 401) return { kind: 'signedOut', error };
	if (status === 0 || status === 408 || status === 429 || status >= 500) return { kind: 'retry', error };
	return { kind: 'invalid', error: error ?? { code: 'VALIDATION', message: '', details: [], status } };
}

/** The record after the answer to its activity PUT. */
export function afterActivityAnswer(item: QueuedActivity, outcome: Outcome, now: number, random?: () => number): QueuedActivity {
	const base = { ...item, updatedAt: now };
	switch (outcome.kind) {
		case 'stored':
			return {
				...base,
				activityStored: true,
				serverVersion: outcome.version ?? item.serverVersion,
				replaceVersion: null,
				serverCopy: null,
				attempts: 0,
				error: null,
				...photosDone(item, now)
			};
		case 'conflict':
			return { ...base, state: 'conflict', error: outcome.error, attempts: 0 };
		case 'invalid':
			return { ...base, state: 'invalid', error: outcome.error, attempts: 0 };
		case 'retry':
		case 'signedOut': {
			const attempts = item.attempts + 1;
			return { ...base, state: 'waiting', attempts, nextAttemptAt: now + backoffMs(attempts, random), error: outcome.error };
		}
	}
}

/** `sent` once every photo is stored or refused; otherwise still waiting for its photos. */
function photosDone(item: QueuedActivity, now: number): Pick<QueuedActivity, 'state' | 'sentAt'> {
	const pending = item.photos.some((p) => p.state === 'waiting');
	return pending ? { state: 'waiting', sentAt: null } : { state: 'sent', sentAt: item.sentAt ?? now };
}

/** The record after the answer to one photo's PUT. */
export function afterPhotoAnswer(item: QueuedActivity, photoId: string, outcome: Outcome, now: number, random?: () => number): QueuedActivity {
	if (outcome.kind === 'retry' || outcome.kind === 'signedOut' || outcome.kind === 'conflict') {
		// A photo conflict cannot come from the phone (its ids are its own); it is retried like a failure.
		const attempts = item.attempts + 1;
		return { ...item, state: 'waiting', attempts, nextAttemptAt: now + backoffMs(attempts, random), error: outcome.error, updatedAt: now };
	}
	const photos = item.photos.map((p) =>
		p.id !== photoId ? p : outcome.kind === 'stored' ? { ...p, state: 'sent' as const, error: null } : { ...p, state: 'invalid' as const, error: outcome.error }
	);
	const next = { ...item, photos, attempts: 0, error: null, updatedAt: now };
	return { ...next, ...photosDone(next, now) };
}

/** The village head keeps the server's version: nothing of theirs is sent over it; their photos still go as evidence. */
export function keepServerVersion(item: QueuedActivity, now: number): QueuedActivity {
	if (item.state !== 'conflict') return item;
	const kept = { ...item, activityStored: true, serverCopy: null, error: null, replaceVersion: null, attempts: 0, nextAttemptAt: now, updatedAt: now };
	return { ...kept, ...photosDone(kept, now) };
}

/** The village head sends theirs as a new version of what the server holds (version `serverVersion`). */
export function sendAsNewVersion(item: QueuedActivity, serverVersion: number, now: number): QueuedActivity {
	if (item.state !== 'conflict') return item;
	return { ...item, state: 'waiting', replaceVersion: serverVersion, error: null, attempts: 0, nextAttemptAt: now, updatedAt: now };
}

/** A corrected draft replaces a refused (or not yet sent) one under the same id and is queued again. */
export function correctDraft(item: QueuedActivity, draft: ActivityDraft, now: number): QueuedActivity {
	if (item.activityStored || item.state === 'sending') return item;
	return { ...item, draft, state: 'waiting', error: null, attempts: 0, nextAttemptAt: now, updatedAt: now };
}

/** Sends a stored record once more (the server answers with what it holds, storing nothing twice). */
export function resend(item: QueuedActivity, now: number): QueuedActivity {
	if (item.state !== 'sent') return item;
	const photos = item.photos.map((p) => (p.state === 'sent' ? { ...p, state: 'waiting' as const } : p));
	return { ...item, photos, state: 'waiting', activityStored: false, attempts: 0, nextAttemptAt: now, updatedAt: now };
}

/**
 * The activity in the API's input shape (ActivityInput in activities.schemas.ts): what is PUT
 * under the phone's id. Built the same way every time, so a repeat is recognised as a repeat.
 */
export function activityPayload(item: QueuedActivity): Record<string, unknown> {
	const d = item.draft;
	const counts: GroupCounts = {};
	for (const [groupCode, count] of Object.entries(d.counts)) if (Number.isFinite(count) && count !== 0) counts[groupCode] = count;
	const payload: Record<string, unknown> = {
		unit: d.villageCode,
		channel: d.channelCode,
		date: d.date,
		title: d.title.trim(),
		status: 'done',
		counts,
		households: [...d.householdIds].sort()
	};
	if (d.place.trim()) payload.place = d.place.trim();
	if (d.planId) payload.plan = d.planId;
	if (d.themes.length) payload.themes = d.themes;
	if (item.replaceVersion !== null) payload.version = item.replaceVersion;
	return payload;
}

/** Sent records older than `maxAgeMs` are dropped from the phone (with their photos). */
export function expiredSent(items: QueuedActivity[], now: number, maxAgeMs = 30 * 24 * 3600 * 1000): QueuedActivity[] {
	return items.filter((i) => i.state === 'sent' && i.sentAt !== null && now - i.sentAt > maxAgeMs);
}

/** Counts for the "waiting to sync" badge. */
export function queueSummary(items: QueuedActivity[]): Record<QueueState, number> {
	const out: Record<QueueState, number> = { waiting: 0, sending: 0, sent: 0, conflict: 0, invalid: 0 };
	for (const i of items) out[i.state]++;
	return out;
}

/**
 * Checks a draft before it is queued, so an obvious mistake is fixed on the spot rather than
 * after the server refuses it. Returns catalog keys by field.
 */
export function checkDraft(d: ActivityDraft, today: string): Record<string, 'field.error.required' | 'field.error.count' | 'field.error.futureDate' | 'field.error.date' | 'field.error.titleLong'> {
	const errors: ReturnType<typeof checkDraft> = {};
	if (!d.villageCode) errors.villageCode = 'field.error.required';
	if (!d.channelCode) errors.channelCode = 'field.error.required';
	if (!d.title.trim()) errors.title = 'field.error.required';
	else if (d.title.trim().length > 300) errors.title = 'field.error.titleLong';
	if (!/^\d{4}-\d{2}-\d{2}$/.test(d.date) || Number.isNaN(Date.parse(d.date + 'T00:00:00Z'))) errors.date = 'field.error.date';
	else if (d.date > today) errors.date = 'field.error.futureDate';
	for (const [code, n] of Object.entries(d.counts)) if (!Number.isInteger(n) || n < 0 || n > 100_000) errors['count.' + code] = 'field.error.count';
	return errors;
}
