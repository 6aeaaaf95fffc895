import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface TestSmtp {
	/** smtp://127.0.0.1:<port> — set LANTOA_SMTP_URL to it. */
	url: string;
	/** Every message received, parsed, in order of arrival. */
	messages: ParsedMail[];
	/** The envelope recipients of each message, in the same order. */
	envelopes: string[][];
	/** Answer the next `n` messages with a temporary failure (451). */
	failNext(n: number): void;
	close(): Promise<void>;
}

/**
 * A real SMTP server on loopback (a random port) that keeps what it receives, parsed by
 * mailparser, for tests of e-mail sending. No TLS and no authentication: loopback only.
 */
export async function startTestSmtp(): Promise<TestSmtp> {
	const messages: ParsedMail[] = [];
	const envelopes: string[][] = [];
	let failing = 0;
	const server = new SMTPServer({
		secure: false,
		disabledCommands: ['STARTTLS', 'AUTH'],
		authOptional: true,
		logger: false,
		size: 1024 * 1024,
		onData(stream, session, callback) {
			if (failing > 0) {
				failing--;
				stream.resume();
				stream.on('end', () => {
					const err = new Error('try again later') as Error & { responseCode: number };
					err.responseCode = 451;
					callback(err);
				});
				return;
			}
			simpleParser(stream)
				.then((mail) => {
					messages.push(mail);
					envelopes.push(session.envelope.rcptTo.map((r) => r.address));
					callback();
				})
				.catch((err) => callback(err));
		}
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const address = server.server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `smtp://127.0.0.1:${port}`,
		messages,
		envelopes,
		failNext(n) {
			failing = n;
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}
