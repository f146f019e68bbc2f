// kefu's version, from package.json. Read at bundle time (a macro), so the compiled
// executable carries it and needs no package.json beside it.
import { readPackageVersion } from "./package-version" with { type: "macro" };

export const VERSION: string = readPackageVersion();
