// Public page: no client JavaScript; the form posts like any form.
export const csr = false;
