// Generated from openapi/asa/openapi.yaml by `npm run generate`. Do not edit.
/** Response validators by `METHOD /path`, then status (or `4XX`, `default`). */
export declare const operations: import("../response-validation.js").ResponseContracts;
