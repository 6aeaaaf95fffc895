import { json } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import type { RequestHandler } from './$types';

/** The database answers: the instance can take traffic. */
export const GET: RequestHandler = async ({ locals }) => {
	try {
		const rt = await locals.runtime();
		await rt.database.db.execute(sql`SELECT 1`);
		return json({ status: 'ready', database: rt.database.kind }, { headers: { 'cache-control': 'no-store' } });
	} catch {
		return json({ status: 'unavailable' }, { status: 503, headers: { 'cache-control': 'no-store' } });
	}
};
