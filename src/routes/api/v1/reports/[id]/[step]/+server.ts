import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { acceptReport, approveReport, returnReport, submitReport, unlockReport } from '$lib/server/modules/reports/reports.workflow';
import { ReportDetail, ReportStepBody } from '$lib/server/modules/reports/reports.api-schemas';

const steps = ['submit', 'approve', 'accept', 'return', 'unlock'] as const;

export const POST = endpoint(
	{
		summary:
			'A step of the report workflow, given the version read: submit (reports.edit on the unit; `missingNote` when reports of the units below are missing), approve (the unit’s leader: freezes figures, locks the period), accept, return (`comment` required) or unlock (`reason` required) by reports.accept on the level above. 409 when the report changed meanwhile or is not in a state for the step',
		tags: ['reports'],
		auth: 'user',
		params: z.object({ id: z.string().max(100), step: z.enum(steps) }),
		body: ReportStepBody,
		response: ReportDetail
	},
	async ({ db, actor, params, body }) => {
		const ctx = { db, actor };
		switch (params.step) {
			case 'submit':
				return submitReport(ctx, params.id, { version: body.version, missingNote: body.missingNote });
			case 'approve':
				return approveReport(ctx, params.id, { version: body.version });
			case 'accept':
				return acceptReport(ctx, params.id, { version: body.version });
			case 'return':
				return returnReport(ctx, params.id, { version: body.version, comment: body.comment ?? '' });
			case 'unlock':
				return unlockReport(ctx, params.id, { version: body.version, reason: body.reason ?? '' });
		}
	}
);
