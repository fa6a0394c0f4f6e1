// @ts-check
// Redocly plugin: the house rules that configurable rules cannot express.
// Plain ESM JavaScript because Redocly loads plugins with import() and no TypeScript loader.

/** Path parameters that name one resource: `id`, `client_id`, `clientId`, ... */
const ID_PARAMETER = /\{(?:[A-Za-z_]*_)?(?:id|[a-z]+Id)\}/;

/** Every operation on a path that names a resource by id documents 404. */
function IdOperationsAnswer404() {
  /** @type {string} */
  let path = '';
  return {
    PathItem: {
      /** @param {unknown} _node @param {{ key: string | number }} ctx */
      enter(_node, ctx) {
        path = String(ctx.key);
      },
      Operation: {
        /** @param {{ responses?: Record<string, unknown> }} operation @param {any} ctx */
        enter(operation, ctx) {
          if (ID_PARAMETER.test(path) && !operation.responses?.['404']) {
            ctx.report({
              message: `Operation on ${path} names a resource by id and must document 404.`,
              location: ctx.location.child('responses'),
            });
          }
        },
      },
    },
  };
}

export default function houseRules() {
  return {
    id: 'house',
    rules: {
      oas3: {
        'id-operations-answer-404': IdOperationsAnswer404,
      },
    }
  };
}
