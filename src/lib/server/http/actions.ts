import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { AppError } from '../errors';
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
 * Runs a page load's service calls; an AppError (not found, forbidden, invalid) becomes the error
 * page with its status and message instead of a 500.
 */
export async function loadOrError<T>(event: RequestEvent, fn: (ctx: { db: Db; actor: Actor }) => Promise<T>): Promise<T> {
	try {
		if (!event.locals.actor) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
		const rt = await event.locals.runtime();
		return await fn({ db: rt.database.db, actor: event.locals.actor });
	} catch (err) {
		if (err instanceof AppError || err instanceof z.ZodError) {
			const { status, body } = toErrorBody(err, event.locals.locale);
			error(status, body.error.message);
		}
		throw err;
	}
}
