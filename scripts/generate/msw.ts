// generated/<api>/msw.d.ts: the types of `clients-contract/<api>/msw`, whose JavaScript
// `npm run build` bundles into dist/msw/<api>.js (scripts/mock/build-msw.ts): the
// handlers keyed by this API's operationIds, and the typed `http` (generated/msw-http.d.ts)
// bound to its paths. They import only msw's types, which msw 2 and msw 3 share.
import type { Api } from "../lib/apis.ts";
import { generatedNotice, type Layout, MSW_HTTP_MODULE, outPath, projectRelative, writeOutput } from "./files.ts";

export function writeMswTypes(layout: Layout, api: Api): void {
  const notice = `// ${generatedNotice(projectRelative(layout, api.root))}\n`;
  writeOutput(outPath(layout, `${api.generatedDir}/msw.d.ts`), notice + DECLARATIONS);
}

const DECLARATIONS = `import type { HttpHandler } from "msw";
import type { HttpOptions, MockHandlerOptions, MockHandlers, StatefulHandlerOptions, TypedHttp } from "../${MSW_HTTP_MODULE}.js";
import type { operations, paths } from "./schema.js";

export type { HttpOptions, MockHandlerOptions, SeedData, StatefulHandlerOptions } from "../${MSW_HTTP_MODULE}.js";

/** Handlers that answer every operation with its documented example, after the mock's auth and validation. */
export declare const handlers: HttpHandler[];
/** The example handlers by operationId. */
export declare const handlersByOperation: Record<keyof operations, HttpHandler>;
/** Example handlers at another base URL or with a fixed token. */
export declare function createHandlers(options?: MockHandlerOptions): MockHandlers<keyof operations, paths>;
/** Handlers that share one store seeded with the examples (or \`seed\`): creates, updates and deletes persist. */
export declare function createStatefulHandlers(options?: StatefulHandlerOptions): MockHandlers<keyof operations, paths>;
/** msw's \`http\` typed by this API's paths, at \`baseUrl\` (default: the client's default base URL). */
export declare function createHttp(options?: HttpOptions): TypedHttp<paths>;
/** \`createHttp()\`: handlers of your own at the default base URL. */
export declare const http: TypedHttp<paths>;
`;
