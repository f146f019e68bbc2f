/** kefu cannot start (port taken, database unusable): one line saying what and where, exit 2. */
export class StartError extends Error {}
