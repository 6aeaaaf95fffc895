import { afterEach, describe, expect, test } from 'vitest';
import { resetFeedbackLimits, takeLookup, takeSubmission } from './feedback.limits';

describe('feedback rate limits (production values)', () => {
	afterEach(() => resetFeedbackLimits());

	test('20 submissions per IP per hour, then 429', () => {
		for (let i = 0; i < 20; i++) takeSubmission('10.0.0.1', null);
		expect(() => takeSubmission('10.0.0.1', null)).toThrow(expect.objectContaining({ code: 'TOO_MANY_REQUESTS', messageKey: 'feedback.tooMany' }));
		expect(() => takeSubmission('10.0.0.2', null)).not.toThrow();
	});

	test('5 submissions per phone per day, from any IP', () => {
		for (let i = 0; i < 5; i++) takeSubmission(`10.0.1.${i}`, '0912345678');
		expect(() => takeSubmission('10.0.2.1', '0912345678')).toThrow(expect.objectContaining({ code: 'TOO_MANY_REQUESTS' }));
		expect(() => takeSubmission('10.0.2.1', '0912345679')).not.toThrow();
	});

	test('30 lookups per IP per 10 minutes', () => {
		for (let i = 0; i < 30; i++) takeLookup('10.0.3.1');
		expect(() => takeLookup('10.0.3.1')).toThrow(expect.objectContaining({ messageKey: 'feedback.tooManyLookups' }));
	});
});
