import { describe, expect, it } from 'vitest';
import { TYPED_CAPTURE, withTypedCapture } from './typed-before-start';

describe('withTypedCapture', () => {
	const hydrating = '<html><head><title>x</title></head><body><form></form><script>__sveltekit_abc = {};</script></body></html>';

	it('puts the capture script at the end of the head of a page that hydrates', () => {
		const html = withTypedCapture(hydrating);
		expect(html).toContain(`${TYPED_CAPTURE}</head>`);
		expect(html.indexOf(TYPED_CAPTURE)).toBeLessThan(html.indexOf('<body>'));
		expect(html.match(/__lantoaTyped=m/g)).toHaveLength(1);
	});

	it('leaves a page without scripts, and a fragment without a head, as they are', () => {
		const noScripts = '<html><head><title>x</title></head><body><form></form></body></html>';
		expect(withTypedCapture(noScripts)).toBe(noScripts);
		const fragment = '<script>__sveltekit_abc = {};</script>';
		expect(withTypedCapture(fragment)).toBe(fragment);
	});
});
