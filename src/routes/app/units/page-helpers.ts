import { error, isActionFailure, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { AppError, type ErrorDetail } from '$lib/server/errors';
import { runAction } from '$lib/server/http/actions';
import type { Db } from '$lib/server/db/client';
import { toErrorBody } from '$lib/server/api/errors';
import { t, type Locale } from '$lib/i18n';
import type { Actor } from '$lib/server/access/actor';

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
