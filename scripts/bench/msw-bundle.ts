// What a browser app ships for the MSW handlers (issue 21: the bundle was 611 kB with
// ajv's compiler in it, which a CSP without 'unsafe-eval' forbids): a page starting
// msw's worker with one API's stateful handlers, bundled and minified by esbuild as one
// file, beside the same page with one plain msw handler (msw's own share). The row also
// says whether the bundle holds run-time code generation (`new Function`, `eval(`).
import type { Api } from "../lib/apis.ts";
import { pageBundle } from "./page-bundle.ts";
import { formatBytes, type Row } from "./table.ts";

const CODE_GENERATION = /\bnew Function\s*\(|(?<![.\w])eval\s*\(/;

export async function mswBundleRow(api: Api): Promise<Row> {
  const [ours, plain] = await Promise.all([
    pageBundle(`import { setupWorker } from "msw/browser";
import { createStatefulHandlers } from "clients-contract/${api.name}/msw";
setupWorker(...createStatefulHandlers().handlers).start();`),
    pageBundle(`import { setupWorker } from "msw/browser";
import { http, HttpResponse } from "msw";
setupWorker(http.get("/clients", () => HttpResponse.json([]))).start();`),
  ]);
  const generatesCode = CODE_GENERATION.test(ours);
  return {
    part: "4 mock",
    case: `browser page with ${api.name}'s stateful MSW handlers (esbuild, minified, one file)${generatesCode ? "; HOLDS new Function/eval" : "; no new Function/eval"}`,
    measured: formatBytes(ours.length),
    floor: `${formatBytes(plain.length)} msw alone`,
    ratio: ours.length / plain.length,
    data: { api: api.name, bytes: ours.length, mswAloneBytes: plain.length, generatesCode },
  };
}
