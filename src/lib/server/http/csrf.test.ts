import { describe, expect, it } from 'vitest';
import { isForbiddenCrossSiteForm } from './csrf';

const url = (path: string) => new URL(`https://xa.example.vn${path}`);
const req = (method: string, headers: Record<string, string>) => new Request('https://xa.example.vn/', { method, headers, body: method === 'GET' ? undefined : 'a=1' });

describe('cross-site form submissions', () => {
	it('refuses a form posted from another origin, or with no origin, in any form encoding and method', () => {
		for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain;charset=UTF-8', 'Application/X-WWW-Form-Urlencoded'])
			for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
				expect(isForbiddenCrossSiteForm(req(method, { 'content-type': type, origin: 'https://evil.example' }), url('/app/households')), `${method} ${type}`).toBe(true);
				expect(isForbiddenCrossSiteForm(req(method, { 'content-type': type }), url('/login'))).toBe(true);
			}
	});

	it('lets through the same origin, JSON bodies (the API checks its own tokens), and reads', () => {
		expect(isForbiddenCrossSiteForm(req('POST', { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://xa.example.vn' }), url('/app/households'))).toBe(false);
		expect(isForbiddenCrossSiteForm(req('POST', { 'content-type': 'application/json', origin: 'https://evil.example' }), url('/api/v1/households'))).toBe(false);
		expect(isForbiddenCrossSiteForm(req('GET', { origin: 'https://evil.example' }), url('/app'))).toBe(false);
	});

	it('makes one exception: the one-click unsubscribe address of a subscription, and nothing beside it', () => {
		const oneClick = () => req('POST', { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://mail.example' });
		expect(isForbiddenCrossSiteForm(oneClick(), url('/portal/subscriptions/AbC123xyz/unsubscribe'))).toBe(false);
		expect(isForbiddenCrossSiteForm(oneClick(), url('/portal/subscriptions/AbC123xyz'))).toBe(true);
		expect(isForbiddenCrossSiteForm(oneClick(), url('/portal/subscriptions/AbC123xyz/unsubscribe/more'))).toBe(true);
		expect(isForbiddenCrossSiteForm(oneClick(), url('/portal/16108/subscribe'))).toBe(true);
		expect(isForbiddenCrossSiteForm(oneClick(), url('/portal/subscriptions/a/b/unsubscribe'))).toBe(true);
	});
});
