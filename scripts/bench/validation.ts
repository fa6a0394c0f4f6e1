// Part 1: how fast the project's compiled validators check a list response, beside
// JSON.parse of the same bytes. A client that already pays for parsing a response
// should not pay more again to know it is valid.
import { type Api, loadApis } from "../lib/apis.ts";
import { getByPointer, listOperations, loadBundle, type Operation, responseSchemaPointer, setByPointer } from "../spec/openapi.ts";
import { SpecValidators } from "../spec/validators.ts";
import { BenchError } from "./commands.ts";
import { pairedRates } from "./stats.ts";
import { formatBytes, formatRate, type Row } from "./table.ts";

export const LIST_SIZES = [100, 1_000] as const;
const TARGET = { kind: "min", value: 1.0 } as const;

/** The API's first list operation (a GET marked `x-items`), the one every part benchmarks. */
export function firstListOperation(operations: Operation[]): Operation | undefined {
  return operations.find((op) => op.method === "get" && typeof op.raw["x-items"] === "string");
}

export function successStatus(op: Operation): string | undefined {
  return Object.keys(op.responses).find((status) => /^2\d\d$/.test(status));
}

/** The list response example with its items repeated (round robin) to `size` items. */
export function listBodyOfSize(op: Operation, size: number): unknown {
  const status = successStatus(op);
  const media = status ? op.responses[status]?.content?.["application/json"] : undefined;
  const example = media?.example ?? Object.values(media?.examples ?? {})[0]?.value;
  const pointer = op.raw["x-items"] as string;
  const items = getByPointer(example, pointer);
  if (!Array.isArray(items) || items.length === 0) {
    throw new BenchError(`${op.operationId}: its ${status ?? "2xx"} example has no items at ${pointer} to repeat`);
  }
  return setByPointer(example, pointer, Array.from({ length: size }, (_, index) => structuredClone(items[index % items.length])));
}

interface Case {
  api: Api;
  op: Operation;
  size: number;
  text: string;
  validate: () => boolean;
}

function casesFor(api: Api): Case[] {
  const doc = loadBundle(api.bundle);
  const op = firstListOperation(listOperations(doc));
  if (!op) return [];
  const validators = new SpecValidators(doc, api.name);
  const pointer = responseSchemaPointer(op, successStatus(op) ?? "200");
  return LIST_SIZES.map((size) => {
    const text = JSON.stringify(listBodyOfSize(op, size));
    const value: unknown = JSON.parse(text);
    const check = validators.validate(pointer, value);
    // Benchmarking the error path would measure something no client cares about.
    if (!check.valid) throw new BenchError(`${api.name} ${op.operationId}: the repeated example is invalid: ${check.errors[0]}`);
    return { api, op, size, text, validate: () => validators.validate(pointer, value).valid };
  });
}

export function runValidation(apis: Api[] = loadApis()): Row[] {
  const rows: Row[] = [];
  for (const api of apis) {
    for (const item of casesFor(api)) {
      let sink: unknown;
      const rates = pairedRates(item.validate, () => {
        sink = JSON.parse(item.text);
      });
      if (sink === undefined) throw new BenchError("JSON.parse produced nothing");
      const bytes = Buffer.byteLength(item.text);
      rows.push({
        part: "1 validation",
        case: `${api.name} ${item.op.operationId}, ${item.size} items (${formatBytes(bytes)})`,
        measured: `${formatRate(rates.measured)} validate`,
        floor: `${formatRate(rates.floor)} JSON.parse`,
        ratio: rates.ratio,
        target: TARGET,
        data: { api: api.name, operationId: item.op.operationId, items: item.size, bytes, validationsPerSecond: rates.measured, parsesPerSecond: rates.floor, samples: rates.samples },
      });
    }
  }
  return rows;
}
