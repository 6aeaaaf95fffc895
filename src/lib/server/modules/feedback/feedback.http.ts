import type { RequestEvent } from '@sveltejs/kit';

/** The client's address for the rate limits (adapter-node honours ADDRESS_HEADER behind a proxy). */
export function clientAddress(event: RequestEvent): string | undefined {
	try {
		return event.getClientAddress();
	} catch {
		return undefined;
	}
}
