// What the proxy loads once its flags are known to be good, as one module: see
// conformance/lazy.ts for why one dynamic import and not one per module.
export { loadSpec } from "../spec/load.ts";
export { coverageLine } from "../conformance/coverage.ts";
export { FILE_REPORTERS, writeReport } from "../conformance/reporters/index.ts";
export { groupLines } from "./ledger.ts";
export { startProxy } from "./proxy.ts";
