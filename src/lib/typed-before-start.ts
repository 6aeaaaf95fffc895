/**
 * What a person types before a page's scripts have started is kept.
 *
 * A page that hydrates is usable before its scripts arrive, and on a slow phone that can be many
 * seconds. When they do arrive, Svelte writes each field's value from the page's data over what is
 * in the field (`value={…}`), so a name typed into the sign-in form or a figure typed into a report
 * vanishes, and a required field left empty then stops the form from being sent at all. The
 * server puts {@link TYPED_CAPTURE} into the head of every page that will hydrate: it remembers
 * the fields changed by hand. Once the page has started, the root layout calls
 * {@link restoreTyped}, which puts those values back and tells any binding about them.
 */

/** Global the capture script fills; undefined once the page has started. */
const KEY = '__lantoaTyped';

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** The inline script: records the latest value (or checked state) of every field changed by hand. */
export const TYPED_CAPTURE = `<script>(function(){var m=new Map();window.${KEY}=m;function k(e){var t=e.target;if(window.${KEY}!==m||!t||!t.matches||!t.matches('input,textarea,select'))return;m.set(t,t.type==='checkbox'||t.type==='radio'?t.checked:t.value)}addEventListener('input',k,true);addEventListener('change',k,true)})()</script>`;

/** Adds the capture script to a page's HTML when the page will hydrate (it carries SvelteKit's start-up). */
export function withTypedCapture(html: string): string {
	if (!html.includes('__sveltekit_') || !html.includes('</head>')) return html;
	return html.replace('</head>', `${TYPED_CAPTURE}</head>`);
}

/** Puts back what was typed before the page started; returns how many fields it restored. */
export function restoreTyped(): number {
	const win = window as unknown as { [KEY]?: Map<Field, string | boolean> };
	const typed = win[KEY];
	win[KEY] = undefined;
	if (!typed) return 0;
	let restored = 0;
	for (const [field, value] of typed) {
		// Hydration keeps the server's elements; if it had to rebuild one, find it again by its id.
		const el = (field.isConnected ? field : field.id ? document.getElementById(field.id) : null) as Field | null;
		if (!el) continue;
		if (typeof value === 'boolean') {
			if (!(el instanceof HTMLInputElement) || el.checked === value) continue;
			el.checked = value;
			el.dispatchEvent(new Event('change', { bubbles: true }));
		} else {
			if (el.value === value) continue;
			el.value = value;
		}
		el.dispatchEvent(new Event('input', { bubbles: true }));
		restored++;
	}
	return restored;
}
