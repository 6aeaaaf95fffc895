/**
 * Where outgoing messages go. Each platform's address defaults to the real service; tests and
 * staging point them at local servers that speak the same protocol. Every variable is listed in
 * the README.
 */
export interface OutreachEndpoints {
	/** Facebook Graph API base, with its version. */
	facebookGraph: string;
	/** Zalo Official Account Open API base. */
	zaloOa: string;
	/** Zalo Notification Service (ZNS) base. */
	zns: string;
	/** The HTTP SMS gateway's base address; null: SMS is not configured. */
	smsGateway: string | null;
	/** The gateway's API key when a unit has no account of its own. */
	smsApiKey: string | null;
	/** smtp://user:pass@host:port or smtps://…; null: e-mail is not configured. */
	smtpUrl: string | null;
	/** The From header of e-mails. */
	mailFrom: string;
	/** The public address links in messages point to (unsubscribe, portal articles). */
	publicOrigin: string;
}

export function outreachEndpoints(env: NodeJS.ProcessEnv = process.env): OutreachEndpoints {
	const trim = (v: string | undefined) => (v?.trim() ? v.trim().replace(/\/+$/, '') : null);
	return {
		facebookGraph: trim(env.LANTOA_FACEBOOK_GRAPH_URL) ?? 'https://graph.facebook.com/v21.0',
		zaloOa: trim(env.LANTOA_ZALO_OA_URL) ?? 'https://openapi.zalo.me',
		zns: trim(env.LANTOA_ZNS_URL) ?? 'https://business.openapi.zalo.me',
		smsGateway: trim(env.LANTOA_SMS_GATEWAY_URL),
		smsApiKey: env.LANTOA_SMS_GATEWAY_KEY?.trim() || null,
		smtpUrl: env.LANTOA_SMTP_URL?.trim() || null,
		mailFrom: env.LANTOA_MAIL_FROM?.trim() || 'Lan Tỏa <no-reply@lantoa.local>',
		publicOrigin: trim(env.ORIGIN) ?? 'http://localhost:3000'
	};
}
