// One stray error must not end the desk for every tenant: an unhandled rejection or an
// uncaught exception is logged and counted (kefu_unhandled_errors_total), and the process
// keeps serving. Requests have their own error paths; this is the net under them.
let caught = 0;

/** How many errors reached the process since it started. */
export const unhandledErrors = () => caught;

/** Installs the handlers; returns the function that removes them again. */
export function guardProcess(log: (...args: unknown[]) => void = console.error): () => void {
  const onRejection = (reason: unknown) => {
    caught++;
    log("kefu: unhandled rejection:", reason);
  };
  const onException = (err: unknown) => {
    caught++;
    log("kefu: uncaught exception:", err);
  };
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onException);
  return () => {
    process.off("unhandledRejection", onRejection);
    process.off("uncaughtException", onException);
  };
}
