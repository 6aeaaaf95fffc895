import { error, fail, isActionFailure, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { AppError, type ErrorDetail } from '../errors';
import { t, type Locale } from '../../i18n';
import { toErrorBody } from '../api/errors';
import type { Actor } from '../access/actor';
import type { Db } from '../db/client';

/** The form's fields as a plain object (repeated names become arrays). */
export async function formObject(request: Request): Promise<Record<string, string>> {
	const data = await request.formData();
	const out: Record<string, string> = {};
	for (const [k, v] of data) if (typeof v === 'string') out[k] = v;
	return out;
}

/**
 * Runs a page form action the same way the API runs a request: signed-in actor, one service call,
 * and any error returned to the form as a message in the page's language (never a 500 for bad input).
 */
export async function runAction<T>(
	event: RequestEvent,
	fn: (ctx: { db: Db; actor: Actor }) => Promise<T>
): Promise<T | ReturnType<typeof fail<{ error: string; details: { path?: string; message: string }[] }>>> {
	try {
		if (!event.locals.actor) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
		const rt = await event.locals.runtime();
		return await fn({ db: rt.database.db, actor: event.locals.actor });
	} catch (err) {
		const { status, body } = toErrorBody(err, event.locals.locale);
		return fail(status, { error: body.error.message, details: body.error.details });
	}
}

/** Empty form fields mean "not given". */
export function blankToUndefined<T extends Record<string, string>>(form: T): Partial<T> {
	return Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim() !== '')) as Partial<T>;
}



/**
 * Runs a page load's service call; a refusal or a bad query becomes SvelteKit's error page with
 * its status (403 for a unit out of reach, 404 for none) and the message in the page's language.
 */
export async function orErrorPage<T>(locale: Locale, fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (err) {
		if (err instanceof AppError || err instanceof z.ZodError) {
			const { status, body } = toErrorBody(err, locale);
			error(status, body.error.message);
		}
		throw err;
	}
}

/** The signed-in actor; the workspace layout already sends everyone else to sign in. */
export function signedIn(locals: App.Locals): Actor {
	if (!locals.actor) error(401, t(locals.locale, 'error.unauthenticated'));
	return locals.actor;
}

export type Attempt<T> = { ok: true; value: T } | { ok: false; status: number; error: string; details: ErrorDetail[] };

/**
 * `runAction` with its outcome told apart by type: the service's value, or the status, message
 * and details (fields, or rows of an imported file) to hand back to the form.
 */
export async function attempt<T>(event: RequestEvent, fn: (ctx: { db: Db; actor: Actor }) => Promise<T>): Promise<Attempt<T>> {
	const outcome = await runAction(event, fn);
	if (!isActionFailure(outcome)) return { ok: true, value: outcome as T };
	const data = outcome.data as unknown as { error: string; details: ErrorDetail[] };
	return { ok: false, status: outcome.status, error: data.error, details: data.details };
}
