// How many test files run at once; each worker has its own LocalScale database (see global-setup.ts).
export const workers = 3;
