import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { signOutRequest } from '$lib/server/http/sign-in';

/** Sign-out is a POST from the header's form (a GET link could be triggered by any page). */
export const POST: RequestHandler = async (event) => {
	await signOutRequest(event);
	redirect(303, '/login?signedOut');
};
