// @ts-check
// Redocly plugin: the house rules that configurable rules cannot express.
// Plain ESM JavaScript because Redocly loads plugins with import() and no TypeScript loader.

/** Path parameters that name one resource: `id`, `client_id`, `clientId`, ... */
const ID_PARAMETER = /\{(?:[A-Za-z_]*_)?(?:id|[a-z]+Id)\}/;

/** Every operation on a path that names a resource by id documents 404, sourced or labelled as ours. */
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
          if (!ID_PARAMETER.test(path)) return;
          const notFound = operation.responses?.['404'];
          if (!notFound) {
            ctx.report({
              message: `Operation on ${path} names a resource by id and must document 404.`,
              location: ctx.location.child('responses'),
            });
            return;
          }
          const response = ctx.resolve(notFound).node;
          // The 404 is this house's rule; where the vendor never mentions one, say so.
          if (!isLabel(response?.['x-evidence']) && !isLabel(response?.['x-decision'])) {
            ctx.report({
              message: `The 404 of an operation on ${path} needs \`x-evidence\` (where the vendor says so) or \`x-decision\` (why we add it).`,
              location: ctx.location.child(['responses', '404']),
            });
          }
        },
      },
    },
  };
}

/** A label is a non-empty sentence a reader understands. @param {unknown} value */
function isLabel(value) {
  return typeof value === 'string' && value.trim() !== '';
}

/** The request constraints that turn into "the server must answer 4xx" in the conformance suite. */
const REQUEST_CONSTRAINTS = ['minimum', 'maximum', 'pattern', 'minLength', 'maxLength', 'minProperties', 'enum'];
const LABELS = ['x-evidence', 'x-decision'];

/**
 * Labels well formed: on a schema or parameter, a map from a keyword the node has to a
 * sentence; on a response, one sentence.
 * @param {Record<string, any>} node @param {any} location @param {any} report @param {'map' | 'sentence'} form
 */
function checkLabelShape(node, location, report, form) {
  for (const label of LABELS) {
    const labels = node[label];
    if (labels === undefined) continue;
    if (form === 'sentence') {
      if (!isLabel(labels)) report({ message: `\`${label}\` on a response is one sentence.`, location: location.child(label) });
      continue;
    }
    if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
      report({ message: `\`${label}\` maps keywords to sentences, e.g. \`${label}: {maximum: ...}\`.`, location: location.child(label) });
      continue;
    }
    for (const [keyword, text] of Object.entries(labels)) {
      if (!(keyword in node)) {
        report({ message: `\`${label}\` explains \`${keyword}\`, which is not here.`, location: location.child([label, keyword]) });
      } else if (!isLabel(text)) {
        report({ message: `\`${label}.${keyword}\` must be a sentence.`, location: location.child([label, keyword]) });
      }
    }
  }
}

/** Reports the constraints of one request schema that are neither sourced nor labelled ours. @param {Record<string, any>} schema @param {any} location @param {any} report */
function checkConstraintsLabelled(schema, location, report) {
  for (const keyword of REQUEST_CONSTRAINTS) {
    if (!(keyword in schema)) continue;
    if (LABELS.some((label) => isLabel(schema[label]?.[keyword]))) continue;
    report({
      message: `Request constraint \`${keyword}\` has no source: name it in \`x-evidence.${keyword}\`, mark it \`x-decision.${keyword}\`, or remove it.`,
      location: location.child(keyword),
    });
  }
}

/**
 * Subschemas a request value can reach (JSON Schema's applicators).
 * @param {Record<string, any>} schema @returns {Generator<Array<string | number>>}
 */
function* subschemas(schema) {
  for (const key of ['items', 'additionalProperties', 'not', 'contains']) {
    if (typeof schema[key] === 'object' && schema[key] !== null) yield [key];
  }
  for (const key of ['properties', 'patternProperties']) {
    for (const name of Object.keys(schema[key] ?? {})) yield [key, name];
  }
  for (const key of ['allOf', 'anyOf', 'oneOf', 'prefixItems']) {
    if (Array.isArray(schema[key])) for (let index = 0; index < schema[key].length; index += 1) yield [key, index];
  }
}

/**
 * Every constraint a request must meet is either sourced (`x-evidence`: where the vendor
 * or the real server says so) or labelled as our decision (`x-decision`): the
 * conformance suite turns each one into "the server must answer 4xx". Labels anywhere
 * must be well formed and explain something that is there.
 * Schemas are walked by hand: Redocly visits a `$ref`-ed schema once, in whichever
 * context it meets it first, so its own visitors cannot tell request from response.
 */
function RequestConstraintsSourced() {
  const checked = new Set();
  /** @param {any} node @param {any} location @param {any} ctx */
  function walk(node, location, ctx) {
    // ctx.resolve answers a node that is not a $ref with the visited node's location, not ours.
    const { node: schema, location: at } = node?.$ref ? ctx.resolve(node, location.source.absoluteRef) : { node, location };
    if (typeof schema !== 'object' || schema === null || !at) return;
    const key = at.absolutePointer;
    if (checked.has(key)) return;
    checked.add(key);
    checkConstraintsLabelled(schema, at, ctx.report);
    for (const path of subschemas(schema)) {
      const child = path.reduce((value, step) => value[step], schema);
      walk(child, at.child(path), ctx);
    }
  }
  return {
    Schema: {
      /** @param {any} schema @param {any} ctx */
      enter(schema, ctx) {
        checkLabelShape(schema, ctx.location, ctx.report, 'map');
      },
    },
    Response: {
      /** @param {any} response @param {any} ctx */
      enter(response, ctx) {
        checkLabelShape(response, ctx.location, ctx.report, 'sentence');
      },
    },
    Parameter: {
      /** @param {any} parameter @param {any} ctx */
      enter(parameter, ctx) {
        checkLabelShape(parameter, ctx.location, ctx.report, 'map');
        if (parameter.schema) walk(parameter.schema, ctx.location.child('schema'), ctx);
      },
    },
    RequestBody: {
      /** @param {any} body @param {any} ctx */
      enter(body, ctx) {
        for (const type of Object.keys(body.content ?? {})) {
          const media = body.content[type];
          if (media?.schema) walk(media.schema, ctx.location.child(['content', type, 'schema']), ctx);
        }
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
        'request-constraints-sourced': RequestConstraintsSourced,
      },
    }
  };
}
