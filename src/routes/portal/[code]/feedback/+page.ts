// Public page: no client JavaScript; the form and the lookup post like any form.
export const csr = false;
