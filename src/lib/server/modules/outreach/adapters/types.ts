/** What every channel adapter takes and answers; the outbox worker is the only caller. */

export type OutreachChannel = 'email' | 'sms' | 'zns' | 'zalo_oa' | 'facebook';
export const outreachChannels: readonly OutreachChannel[] = ['email', 'sms', 'zns', 'zalo_oa', 'facebook'];

/** A unit's platform account with its secrets decrypted, for the adapter's use only. */
export interface AccountCredentials {
	id: string;
	unitId: string;
	platform: string;
	name: string;
	externalId: string | null;
	accessToken: string | null;
	webhookSecret: string | null;
	settings: Record<string, unknown>;
}

/** One outbox row as an adapter sees it. */
export interface OutgoingMessage {
	id: string;
	channel: OutreachChannel;
	kind: string;
	recipient: string;
	subject: string | null;
	body: string;
	payload: Record<string, unknown>;
	/** Sent to the platform where it takes one (a header, a tracking id, the e-mail's Message-ID), so a retry is recognised there. */
	idempotencyKey: string;
	account: AccountCredentials | null;
}

export interface SendResult {
	/** The platform's id of what was sent (post id, message id, SMTP queue id). */
	providerMessageId: string | null;
	/** True when the platform confirmed delivery in its answer (otherwise a receipt may come later). */
	delivered?: boolean;
	/** A public address of what was published (a Facebook post). */
	externalUrl?: string | null;
}

/**
 * A failed send. `retryable` failures go back to the queue with backoff; others go to the
 * dead-letter list at once (a refused token, an unknown number). A rate-limit answer is retryable
 * and may say when to try again.
 */
export class DeliveryError extends Error {
	readonly retryable: boolean;
	readonly rateLimited: boolean;
	readonly retryAfterSeconds: number | null;
	readonly httpStatus: number | null;
	constructor(
		message: string,
		opts: { retryable: boolean; rateLimited?: boolean; retryAfterSeconds?: number | null; httpStatus?: number | null }
	) {
		super(message);
		this.name = 'DeliveryError';
		this.retryable = opts.retryable;
		this.rateLimited = opts.rateLimited ?? false;
		this.retryAfterSeconds = opts.retryAfterSeconds ?? null;
		this.httpStatus = opts.httpStatus ?? null;
	}
}

export interface ChannelAdapter {
	channel: OutreachChannel;
	/** Sends one message; throws DeliveryError when it did not go. Must honour `signal` (the worker's timeout). */
	send(message: OutgoingMessage, signal: AbortSignal): Promise<SendResult>;
}
