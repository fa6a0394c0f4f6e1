// Part 1b: what the generated clients cost a consumer, each beside its floor.
// - `createClient({ validate: true })` (the /validate subpath) against the same client
//   without validation, on an in-process fetch that answers the list example repeated
//   to 100 and 1,000 items (with its documented headers): the difference per response
//   is what validation costs, set against what parsing the body once costs.
// - A call with validation off against plain openapi-fetch on the same in-process fetch
//   and one-item list: what the runtime adds (deadline, status, fetch looked up per call).
// - The bytes a browser app ships for one client call (esbuild, bundled and minified,
//   no code splitting): the generated client against plain openapi-fetch.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import createFetchClient from "openapi-fetch";
import { type Api, loadApis } from "../lib/apis.ts";
import { type Operation, listOperations, loadBundle } from "../spec/openapi.ts";
import type { ApiClientOptions } from "../../generated/client-runtime.js";
import type { ValidatingClientOptions } from "../../generated/response-validation.js";
import { BenchError } from "./commands.ts";
import { pageBundle } from "./page-bundle.ts";
import { elapsedMs, median, pairedRatio } from "./stats.ts";
import { formatBytes, type Row } from "./table.ts";
import { LIST_SIZES, firstListOperation, listBodyOfSize, successStatus } from "./validation.ts";

/** Issue 21: a call with validation off costs at most 1.15x openapi-fetch's; a bundle at most 1.5x. */
const CALL_COST_TARGET = { kind: "max", value: 1.15 } as const;
const BUNDLE_TARGET = { kind: "max", value: 1.5 } as const;

interface GeneratedClient {
  request(method: string, url: string, init?: Record<string, unknown>): Promise<{ data?: unknown; error?: unknown; response: Response }>;
}

/** `createClient` of generated/<api>/<entry>.js: `index` (the main entry) or `validate`. */
async function clientFactory<Options extends ApiClientOptions>(api: Api, entry: "index" | "validate"): Promise<(options: Options) => GeneratedClient> {
  const module = (await import(pathToFileURL(join(api.generatedDir, `${entry}.js`)).href)) as { createClient: (options: Options) => GeneratedClient };
  return module.createClient;
}

/** Calls of `work` per second over `ms` (at least one call). */
async function asyncRate(work: () => Promise<unknown>, ms: number): Promise<number> {
  let calls = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (calls === 0 || elapsed < ms) {
    await work();
    calls += 1;
    elapsed = elapsedMs(start);
  }
  return calls / (elapsed / 1000);
}

/** Median rate of each function, sampled in turn so all see the same load. */
async function alternatingRates(works: Array<() => Promise<unknown>>, { samples = 7, sampleMs = 150, warmupMs = 300 } = {}): Promise<number[]> {
  for (const work of works) await asyncRate(work, warmupMs);
  const rates: number[][] = works.map(() => []);
  for (let sample = 0; sample < samples; sample += 1) {
    for (const [index, work] of works.entries()) rates[index]?.push(await asyncRate(work, sampleMs));
  }
  return rates.map((values) => median(values));
}

const microseconds = (perSecond: number) => 1e6 / perSecond;
const formatMicros = (value: number) => `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} µs`;

/** The API's first list operation with what an in-process fetch needs to answer it. */
interface ListCase {
  operation: Operation;
  status: string;
  headers: Record<string, string>;
  path: Record<string, unknown>;
}

function listCase(api: Api): ListCase | undefined {
  const operation = firstListOperation(listOperations(loadBundle(api.bundle)));
  const status = operation && successStatus(operation);
  if (!operation || !status) return undefined;
  const headers: Record<string, string> = { "content-type": "application/json" };
  for (const [name, header] of Object.entries(operation.responses[status]?.headers ?? {})) headers[name] = String(header.example);
  const path = Object.fromEntries(operation.parameters.filter((p) => p.in === "path").map((p) => [p.name, p.example]));
  return { operation, status, headers, path };
}

export async function runClientValidation(apis: Api[] = loadApis()): Promise<Row[]> {
  const rows: Row[] = [];
  for (const api of apis) {
    const found = listCase(api);
    if (!found) continue;
    rows.push(...(await validationRows(api, found)), await callCostRow(api, found));
  }
  for (const api of apis) rows.push(await bundleRow(api));
  return rows;
}

async function validationRows(api: Api, { operation, status, headers, path }: ListCase): Promise<Row[]> {
  const rows: Row[] = [];
  const createClient = await clientFactory<ValidatingClientOptions>(api, "validate");
  for (const size of LIST_SIZES) {
    const text = JSON.stringify(listBodyOfSize(operation, size));
    const fetch = async () => new Response(text, { status: Number(status), headers });
    const call = (client: GeneratedClient) => () => client.request(operation.method, operation.path, { params: { path } });
    const validating = createClient({ baseUrl: "http://127.0.0.1:9", fetch, validate: true });
    const plain = createClient({ baseUrl: "http://127.0.0.1:9", fetch, validate: false });
    // The repeated example must pass, or the error path would be what is timed.
    await validating.request(operation.method, operation.path, { params: { path } }).catch((error: unknown) => {
      throw new BenchError(`${api.name} ${operation.operationId}: the repeated example fails validation: ${String(error)}`);
    });
    let sink: unknown;
    const [on, off, parse] = await alternatingRates([
      call(validating),
      call(plain),
      async () => {
        sink = JSON.parse(text);
      },
    ]);
    if (sink === undefined || on === undefined || off === undefined || parse === undefined) throw new BenchError("a client benchmark produced nothing");
    const added = microseconds(on) - microseconds(off);
    const parsing = microseconds(parse);
    rows.push({
      part: "1 validation",
      case: `client validate: true, ${api.name} ${operation.operationId}, ${size} items (${formatBytes(Buffer.byteLength(text))})`,
      measured: `+${formatMicros(added)} per response (${formatMicros(microseconds(on))} on, ${formatMicros(microseconds(off))} off)`,
      floor: `${formatMicros(parsing)} JSON.parse`,
      ratio: added / parsing,
      data: { api: api.name, operationId: operation.operationId, items: size, addedMicroseconds: added, onMicroseconds: microseconds(on), offMicroseconds: microseconds(off), parseMicroseconds: parsing },
    });
  }
  return rows;
}

/** One call of the main entry's client (validation off) against plain openapi-fetch, same fetch, same one-item list. */
async function callCostRow(api: Api, { operation, status, headers, path }: ListCase): Promise<Row> {
  const text = JSON.stringify(listBodyOfSize(operation, 1));
  const fetch = async () => new Response(text, { status: Number(status), headers });
  const ours = (await clientFactory(api, "index"))({ baseUrl: "http://127.0.0.1:9", fetch });
  const plain = createFetchClient<Record<string, never>>({ baseUrl: "http://127.0.0.1:9", fetch }) as unknown as GeneratedClient;
  const init = { params: { path } };
  const { measured, floor, ratio } = await pairedCallTimes(
    () => ours.request(operation.method, operation.path, init),
    () => plain.request(operation.method, operation.path, init),
  );
  return {
    part: "1 validation",
    case: `client call, validate off, ${api.name} ${operation.operationId}, 1 item (${formatBytes(Buffer.byteLength(text))})`,
    measured: `${formatMicros(measured)} CPU per call`,
    floor: `${formatMicros(floor)} CPU openapi-fetch`,
    ratio,
    target: CALL_COST_TARGET,
    data: { api: api.name, operationId: operation.operationId, cpuMicroseconds: measured, openapiFetchCpuMicroseconds: floor },
  };
}

/**
 * CPU microseconds per call of each (this process's user and system time, so the time
 * other processes take the cores from it does not count), in runs of ~0.1 s (the
 * process's CPU time moves in steps of a few milliseconds, and shorter runs made the
 * ratio jump between 0.9 and 1.6 from one bench run to the next) taken in
 * turn (which goes first alternates), and the median of the paired ratios: a few
 * microseconds of difference stay visible on a machine whose speed drifts from one
 * second to the next.
 */
async function pairedCallTimes(measuredCall: () => Promise<unknown>, floorCall: () => Promise<unknown>, { pairs = 15, calls = 2_000 } = {}) {
  const run = async (call: () => Promise<unknown>) => {
    const start = process.cpuUsage();
    for (let index = 0; index < calls; index += 1) await call();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / calls;
  };
  await run(measuredCall);
  await run(floorCall);
  const measured: number[] = [];
  const floor: number[] = [];
  for (let pair = 0; pair < pairs; pair += 1) {
    if (pair % 2 === 0) measured.push(await run(measuredCall));
    floor.push(await run(floorCall));
    if (pair % 2 === 1) measured.push(await run(measuredCall));
  }
  return { measured: median(measured), floor: median(floor), ratio: pairedRatio(measured, floor) };
}

/** Minified bytes of an app making one call, bundled by esbuild as one file (no code splitting). */
async function bundledBytes(source: string): Promise<number> {
  return Buffer.byteLength(await pageBundle(source));
}

/** The bundle of one call of the API's first GET through `clients-contract/<api>`, beside the same call through openapi-fetch. */
async function bundleRow(api: Api): Promise<Row> {
  const operation = listOperations(loadBundle(api.bundle)).find((candidate) => candidate.method === "get");
  if (!operation) throw new BenchError(`${api.name}: no GET operation to bundle a call of`);
  const path = Object.fromEntries(operation.parameters.filter((p) => p.in === "path").map((p) => [p.name, p.example]));
  const call = `.GET(${JSON.stringify(operation.path)}, { params: { path: ${JSON.stringify(path)} } }).then(console.log);`;
  const [ours, validating, plain] = await Promise.all([
    bundledBytes(`import { createClient } from "clients-contract/${api.name}";\ncreateClient({ baseUrl: "/api" })${call}`),
    bundledBytes(`import { createClient } from "clients-contract/${api.name}/validate";\ncreateClient({ baseUrl: "/api" })${call}`),
    bundledBytes(`import createClient from "openapi-fetch";\ncreateClient({ baseUrl: "/api" })${call}`),
  ]);
  return {
    part: "1 validation",
    case: `bundle of one ${api.name} ${operation.operationId} call (esbuild, minified, no splitting)`,
    measured: `${formatBytes(ours)} (/validate: ${formatBytes(validating)})`,
    floor: `${formatBytes(plain)} openapi-fetch`,
    ratio: ours / plain,
    target: BUNDLE_TARGET,
    data: { api: api.name, operationId: operation.operationId, bytes: ours, validatingBytes: validating, openapiFetchBytes: plain },
  };
}
