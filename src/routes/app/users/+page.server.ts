import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { can } from '$lib/server/access/actor';
import { roles } from '$lib/server/access/roles';
import { t } from '$lib/i18n';
import { blankToUndefined, formObject, runAction } from '$lib/server/http/actions';
import {
	createUser,
	findUsers,
	grantRole,
	resetPassword,
	revokeRole,
	setUserDisabled
} from '$lib/server/modules/users/users.service';
import { PasswordResetInput, RoleGrantInput, UserCreateInput } from '$lib/server/modules/users/users.schemas';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = locals.actor!;
	if (!can(actor, 'users.manage')) error(403, t(locals.locale, 'error.forbidden'));
	const rt = await locals.runtime();
	return { users: await findUsers({ db: rt.database.db, actor }), roles: [...roles] };
};

export const actions: Actions = {
	create: (event) =>
		runAction(event, async (ctx) => {
			const f = await formObject(event.request);
			const input = UserCreateInput.parse({
				username: f.username,
				displayName: f.displayName,
				password: f.password,
				locale: f.locale || 'vi',
				roles: f.role ? [RoleGrantInput.parse(blankToUndefined({ role: f.role, unitCode: f.unitCode ?? '' }))] : []
			});
			const user = await createUser(ctx, input);
			return { ok: t(event.locals.locale, 'users.saved'), username: user.username };
		}),
	grant: (event) =>
		runAction(event, async (ctx) => {
			const f = await formObject(event.request);
			await grantRole(ctx, f.username ?? '', RoleGrantInput.parse(blankToUndefined({ role: f.role ?? '', unitCode: f.unitCode ?? '' })));
			return { ok: t(event.locals.locale, 'users.saved'), username: f.username };
		}),
	revoke: (event) =>
		runAction(event, async (ctx) => {
			const f = await formObject(event.request);
			await revokeRole(ctx, f.username ?? '', RoleGrantInput.parse(blankToUndefined({ role: f.role ?? '', unitCode: f.unitCode ?? '' })));
			return { ok: t(event.locals.locale, 'users.saved'), username: f.username };
		}),
	reset: (event) =>
		runAction(event, async (ctx) => {
			const f = await formObject(event.request);
			await resetPassword(ctx, f.username ?? '', PasswordResetInput.parse({ password: f.password ?? '' }).password);
			return { ok: t(event.locals.locale, 'users.passwordReset'), username: f.username };
		}),
	disable: (event) =>
		runAction(event, async (ctx) => {
			const f = await formObject(event.request);
			await setUserDisabled(ctx, f.username ?? '', f.disabled === 'true');
			return { ok: t(event.locals.locale, 'users.saved'), username: f.username };
		})
};
