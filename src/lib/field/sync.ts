import {
	activityPayload,
	afterActivityAnswer,
	afterPhotoAnswer,
	classifyResponse,
	dueActivities,
	type Outcome,
	type QueuedActivity
} from './queue';
import { allActivities, getPhoto, putActivity } from './store';

export interface SyncResult {
	tried: number;
	stored: number;
	/** True when the network or the server failed and the rest waits for the next try. */
	stopped: boolean;
	signedOut: boolean;
}

async function send(url: string, init: RequestInit): Promise<{ status: number; body: unknown }> {
	let res: Response;
	try {
		res = await fetch(url, { credentials: 'same-origin', cache: 'no-store', ...init });
	} catch {
		return { status: 0, body: null };
	}
	let body: unknown = null;
	try {
		body = await res.json();
	} catch {
		/* not JSON: the status says enough */
	}
	return { status: res.status, body };
}

const activityUrl = (id: string) => `/api/v1/activities/${encodeURIComponent(id)}`;

/** What the server holds under the id, shown beside the phone's version in a conflict. */
async function fetchServerCopy(id: string): Promise<{ copy: unknown; version: number | null }> {
	const { status, body } = await send(activityUrl(id), { method: 'GET', headers: { accept: 'application/json' } });
	if (status !== 200 || !body || typeof body !== 'object') return { copy: null, version: null };
	const version = (body as { version?: unknown }).version;
	return { copy: body, version: typeof version === 'number' ? version : null };
}

/** Sends one record: the activity (unless stored), then each waiting photo. */
async function sendOne(start: QueuedActivity, onChange: () => void): Promise<{ item: QueuedActivity; outcome: Outcome | null }> {
	let item: QueuedActivity = { ...start, state: 'sending', updatedAt: Date.now() };
	await putActivity(item);
	onChange();
	if (!item.activityStored) {
		const { status, body } = await send(activityUrl(item.id), {
			method: 'PUT',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify(activityPayload(item))
		});
		const outcome = classifyResponse(status, body);
		item = afterActivityAnswer(item, outcome, Date.now());
		if (outcome.kind === 'conflict') {
			const server = await fetchServerCopy(item.id);
			item = { ...item, serverCopy: server.copy, serverVersion: server.version ?? item.serverVersion };
		}
		await putActivity(item);
		onChange();
		if (outcome.kind !== 'stored') return { item, outcome };
		if (item.state === 'sent') return { item, outcome };
		item = { ...item, state: 'sending' };
	}
	for (const photo of item.photos.filter((p) => p.state === 'waiting')) {
		const stored = await getPhoto(photo.id);
		let outcome: Outcome;
		if (!stored) outcome = { kind: 'invalid', error: { code: 'LOCAL', message: '', details: [], key: 'field.photoMissing' } };
		else {
			const q = new URLSearchParams({ kind: 'photo', name: photo.name });
			if (photo.caption) q.set('caption', photo.caption);
			const { status, body } = await send(`${activityUrl(item.id)}/evidence/${encodeURIComponent(photo.id)}?${q}`, {
				method: 'PUT',
				headers: { 'content-type': stored.blob.type || 'image/jpeg', accept: 'application/json' },
				body: stored.blob
			});
			outcome = classifyResponse(status, body);
		}
		item = afterPhotoAnswer(item, photo.id, outcome, Date.now());
		await putActivity(item);
		onChange();
		if (outcome.kind === 'retry' || outcome.kind === 'signedOut' || outcome.kind === 'conflict') return { item, outcome };
	}
	return { item, outcome: null };
}

let running: Promise<SyncResult> | null = null;

/**
 * Sends what is due, oldest first, one record at a time; stops at the first network or server
 * failure (the rest would fail the same way) and leaves the record waiting with a backoff. One
 * run at a time per page, and across tabs through a Web Lock where the browser has them.
 */
export function syncQueue(opts: { force?: boolean; owner?: string; onChange?: () => void } = {}): Promise<SyncResult> {
	running ??= (async () => {
		try {
			const run = () => syncRun(opts.force ?? false, opts.owner, opts.onChange ?? (() => {}));
			const locks = (navigator as Navigator & { locks?: LockManager }).locks;
			if (!locks) return await run();
			return (await locks.request('lantoa-field-sync', run)) as SyncResult;
		} finally {
			running = null;
		}
	})();
	return running;
}

async function syncRun(force: boolean, owner: string | undefined, onChange: () => void): Promise<SyncResult> {
	const result: SyncResult = { tried: 0, stored: 0, stopped: false, signedOut: false };
	for (const item of dueActivities(await allActivities(), Date.now(), { force, owner })) {
		result.tried++;
		const { item: after, outcome } = await sendOne(item, onChange);
		if (after.state === 'sent') result.stored++;
		if (outcome?.kind === 'signedOut') result.signedOut = true;
		if (outcome && (outcome.kind === 'retry' || outcome.kind === 'signedOut')) {
			result.stopped = true;
			break;
		}
	}
	return result;
}
