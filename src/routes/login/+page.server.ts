import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { signInRequest } from '$lib/server/http/sign-in';
import { toErrorBody } from '$lib/server/api/errors';
import { formObject } from '$lib/server/http/actions';

function safeNext(next: string | null): string {
	return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/app';
}

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.actor?.via === 'session') redirect(303, safeNext(url.searchParams.get('next')));
	return { next: safeNext(url.searchParams.get('next')), signedOut: url.searchParams.has('signedOut') };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await formObject(event.request);
		const username = (form.username ?? '').slice(0, 100);
		try {
			await signInRequest(event, username, (form.password ?? '').slice(0, 200));
		} catch (err) {
			const { status, body } = toErrorBody(err, event.locals.locale);
			return fail(status, { username, error: body.error.message });
		}
		redirect(303, safeNext(form.next ?? null));
	}
};
