import pino from 'pino';

/** The process logger: structured JSON on standard error, so standard output stays for command results. */
export const log = pino(
	{ level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'), base: { app: 'lantoa' } },
	pino.destination(2)
);
