// Public pages ship no client JavaScript, their error pages included: an unknown or malformed unit
// code fails in [code]'s layout, whose errors render portal/+error.svelte under this layout.
export const csr = false;
