// Public page: no client JavaScript.
export const csr = false;
