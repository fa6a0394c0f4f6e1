// generated/<api>/msw.d.ts: the types of `clients-contract/<api>/msw`, whose JavaScript
// `npm run build` bundles into dist/msw/<api>.js (scripts/mock/build-msw.ts): the
// handlers keyed by this API's operationIds, and openapi-msw's `http` typed by its paths.
import type { Api } from "../lib/apis.ts";
import { generatedNotice, type Layout, outPath, projectRelative, writeOutput } from "./files.ts";

export function writeMswTypes(layout: Layout, api: Api): void {
  const notice = `// ${generatedNotice(projectRelative(layout, api.root))}\n`;
  writeOutput(outPath(layout, `${api.generatedDir}/msw.d.ts`), notice + DECLARATIONS);
}

const DECLARATIONS = `import type { HttpHandler } from "msw";
import type { OpenApiHttpHandlers } from "openapi-msw";
import type { operations, paths } from "./schema.js";

export interface MockHandlerOptions {
  /** Where the handlers answer; default: the client's \`defaultBaseUrl\`. */
  baseUrl?: string;
  /** Accept only this token; default: any credential sent the way the API's scheme says. */
  token?: string;
}

export interface MockHandlers {
  /** One handler per operation: hand them to \`setupServer\` (msw/node) or \`setupWorker\` (msw/browser). */
  handlers: HttpHandler[];
  /** The same handlers by operationId. */
  byOperation: Record<keyof operations, HttpHandler>;
  /** Back to the seed data (stateful handlers; a no-op for the example handlers). */
  reset(): void;
}

/** Handlers that answer every operation with its documented example, after the mock's auth and validation. */
export declare const handlers: HttpHandler[];
/** The example handlers by operationId. */
export declare const handlersByOperation: Record<keyof operations, HttpHandler>;
/** Example handlers at another base URL or with a fixed token. */
export declare function createHandlers(options?: MockHandlerOptions): MockHandlers;
/** Handlers that share one in-memory store seeded with the examples: creates, updates and deletes persist. */
export declare function createStatefulHandlers(options?: MockHandlerOptions): MockHandlers;
/** openapi-msw's \`http\`, typed by this API's paths and answering at the default base URL: write your own handlers. */
export declare const http: OpenApiHttpHandlers<paths>;
`;
