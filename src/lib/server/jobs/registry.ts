import type { Db } from '../db/client';
import { purgeExpiredSessions } from '../auth/auth.service';
import { log } from '../log';
import { escalateOverdueFeedback } from '../modules/feedback/feedback.escalation';
import { householdImportRetention } from '../modules/households/import/import.retention';
import { recordReportReminders } from '../modules/reports/reports.reminders';
import { collectReminders } from '../modules/outreach/reminders.collect';
import { deliverReminders } from '../modules/outreach/reminders.deliver';
import { pullEngagement } from '../modules/outreach/publications.engagement';
import { completeScheduledPublications } from '../modules/outreach/publications.service';
import { announceWeeklySchedules } from '../modules/outreach/subscriptions.announce';
import { runOutboxJob, stopOutboxPoller } from '../modules/outreach/outbox.worker';

export interface JobContext {
	db: Db;
}

export interface JobDefinition {
	name: string;
	/** Cron schedule in Asia/Ho_Chi_Minh, when the job runs by itself. */
	cron?: string;
	pollingSeconds?: number;
	/** Queued once when a working process starts (a job that keeps its own poller running). */
	boot?: boolean;
	handler(ctx: JobContext, data: Record<string, unknown>): Promise<void>;
	/** Ends what the handler left running in this process (called when the jobs stop). */
	stop?(): Promise<void>;
}

/** Every background job of the application. Modules add theirs here. */
export const jobDefinitions: JobDefinition[] = [
	{
		name: 'sessions-purge',
		cron: '17 * * * *',
		async handler(ctx) {
			const n = await purgeExpiredSessions(ctx.db);
			if (n) log.info({ purged: n }, 'expired sessions removed');
		}
	},
	{
		// Overdue feedback goes to the level above; hourly, so a server off at night still catches up.
		name: 'feedback-escalate',
		cron: '41 * * * *',
		async handler(ctx) {
			const n = await escalateOverdueFeedback(ctx.db);
			if (n) log.info({ escalated: n }, 'overdue feedback escalated');
		}
	},
	{
		// Rejected rows of household imports are personal data: removed 30 days after the import.
		name: 'household-imports-purge',
		cron: '23 2 * * *',
		async handler(ctx) {
			const { imports } = await householdImportRetention(ctx.db);
			if (imports) log.info({ imports }, 'rejected rows of household imports removed');
		}
	},
	{
		// Reports due within three days or past due: each reminder recorded once (report_reminders).
		name: 'report-reminders',
		cron: '10 6 * * *',
		async handler(ctx) {
			const n = await recordReportReminders(ctx.db);
			if (n) log.info({ reminders: n }, 'report reminders recorded');
		}
	},
	{
		// Officers' reminders: brought up to date hourly, then sent by each person's channels (digests at their hour).
		name: 'reminders-collect',
		cron: '5 * * * *',
		async handler(ctx) {
			const collected = await collectReminders(ctx.db);
			const sent = await deliverReminders(ctx.db);
			if (collected.added || collected.removed || sent.messages) log.info({ ...collected, ...sent }, 'reminders collected and sent');
		}
	},
	{
		// Figures of posts on Facebook and Zalo, read back every few hours (publications.engagement.ts).
		name: 'publication-engagement',
		cron: '25 */4 * * *',
		async handler(ctx) {
			const { updated, failed } = await pullEngagement(ctx.db);
			if (updated || failed) log.info({ updated, failed }, 'publication figures read');
			const done = await completeScheduledPublications(ctx.db);
			if (done) log.info({ done }, 'scheduled posts counted as done');
		}
	},
	{
		// Monday morning: the week's loudspeaker schedule to its subscribers, once per unit and week.
		name: 'schedule-subscribers',
		cron: '30 6 * * 1',
		async handler(ctx) {
			const { units, queued } = await announceWeeklySchedules(ctx.db);
			if (queued) log.info({ units, queued }, 'weekly schedules queued for subscribers');
		}
	},
	{
		// Every message that leaves Lan Tỏa: the job keeps a poller in this process (every 2 s, small
		// batches, no transaction open during a send); wakeOutbox() delivers at once after a commit.
		name: 'outbox-deliver',
		cron: '* * * * *',
		boot: true,
		async handler(ctx) {
			await runOutboxJob(ctx.db);
		},
		stop: stopOutboxPoller
	}
];
