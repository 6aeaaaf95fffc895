import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { canSomewhere, scopeCondition, scopePaths } from '../../access/actor';
import type { Permission } from '../../access/roles';
import { attempt } from '../../http/actions';
import { t, type Locale } from '../../../i18n';
import { units } from '../units/units.tables';

/** The page is for holders of `permission` somewhere; everyone else signed in gets a 403. */
export function requireSomewhere(locals: App.Locals, permission: Permission): Actor {
	const actor = locals.actor;
	if (!actor) error(401, t(locals.locale, 'error.unauthenticated'));
	if (!canSomewhere(actor, permission)) error(403, t(locals.locale, 'error.forbidden'));
	return actor;
}

/** The unit path a summary covers: the widest grant holding `permission` ("/" for an administrator). */
export function summaryScope(actor: Actor, permission: Permission): string {
	const paths = scopePaths(actor, permission);
	if (paths === null) return '/';
	return [...paths].sort((a, b) => a.length - b.length)[0] ?? '/nowhere/';
}

/** Current units where the actor holds `permission`, for a form's unit list (villages after their commune). */
export async function unitsWhere(db: Db, actor: Actor, permission: Permission) {
	return db
		.select({ code: units.code, name: units.name })
		.from(units)
		.where(sql`${units.validTo} IS NULL AND ${units.successorId} IS NULL AND ${units.level} <> 'district' AND ${scopeCondition(actor, permission, units.path)}`)
		.orderBy(units.path)
		.limit(300);
}

/** Formats đồng with Vietnamese thousands separators ("20.000.000"). */
export const dong = (amount: number, locale: Locale = 'vi') => amount.toLocaleString(locale === 'vi' ? 'vi-VN' : 'en-US');

/**
 * Runs one form of a page: the fields as text, one service call, then back to `done` (no repost on
 * reload); a refusal returns to the form with the message, its details and what was typed.
 */
export async function submitForm(
	event: RequestEvent,
	form: string,
	call: (fields: Record<string, string>, data: FormData) => (ctx: { db: Db; actor: Actor }) => Promise<unknown>,
	done: string
) {
	const data = await event.request.formData();
	const fields: Record<string, string> = {};
	for (const [k, v] of data) if (typeof v === 'string') fields[k] = v;
	const outcome = await attempt(event, (ctx) => call(fields, data)(ctx));
	if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, form, fields });
	redirect(303, done);
}
