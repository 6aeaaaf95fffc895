// Public page: no client JavaScript (the portal layout says so too).
export const csr = false;
