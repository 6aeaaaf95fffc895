import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { formObject, runAction } from '$lib/server/http/actions';
import { changeOwnPassword } from '$lib/server/modules/users/users.service';
import { PasswordChangeInput } from '$lib/server/modules/users/users.schemas';
import { signOutEverywhere } from '$lib/server/auth/auth.service';
import { clearSessionCookie } from '$lib/server/http/cookies';

export const load: PageServerLoad = async () => ({});

export const actions: Actions = {
	password: (event) =>
		runAction(event, async (ctx) => {
			const f = await formObject(event.request);
			const input = PasswordChangeInput.parse({ currentPassword: f.currentPassword ?? '', newPassword: f.newPassword ?? '' });
			await changeOwnPassword(ctx, input.currentPassword, input.newPassword);
			return { ok: t(event.locals.locale, 'account.passwordChanged') };
		}),
	everywhere: async (event) => {
		const result = await runAction(event, async (ctx) => signOutEverywhere(ctx.db, ctx.actor));
		if (typeof result !== 'number') return result;
		clearSessionCookie(event.cookies);
		redirect(303, '/login?signedOut');
	}
};
