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
 * Labels well formed: on a schema, parameter or operation, a map from a keyword (or
 * extension) the node has to a sentence; on a response, one sentence.
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
    Operation: {
      /** @param {any} operation @param {any} ctx */
      enter(operation, ctx) {
        checkLabelShape(operation, ctx.location, ctx.report, 'map');
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

/** Parameters of `x-pagination` that name request parameters, and those that are pointers into the 2xx body. */
const PAGINATION_PARAMETERS = ['limit', 'offset', 'cursor', 'page', 'backward'];
const PAGINATION_POINTERS = ['total', 'next', 'count'];

/**
 * Follows `$ref`s from `node`, which sits in the document `from`; returns the target, the
 * document it sits in (for the refs inside it) and its location (for reports).
 * @param {any} ctx @param {any} node @param {string | undefined} from
 * @returns {{ node: any, from: string | undefined, location: any }}
 */
function follow(ctx, node, from) {
  let current = node;
  let source = from;
  let location;
  for (let hops = 0; current && typeof current === 'object' && typeof current.$ref === 'string' && hops < 32; hops += 1) {
    const result = ctx.resolve(current, source);
    if (!result.location) return { node: undefined, from: source, location };
    current = result.node;
    location = result.location;
    source = result.location.source.absoluteRef;
  }
  return { node: current, from: source, location };
}

/**
 * The schema of property `name` of `schema`, looking into allOf/oneOf/anyOf parts; undefined if none has it.
 * @param {any} ctx @param {{ node: any, from: string | undefined }} schema @param {string} name
 * @returns {{ node: any, from: string | undefined } | undefined}
 */
function propertyOf(ctx, schema, name) {
  const resolved = follow(ctx, schema.node, schema.from);
  const node = resolved.node;
  if (!node || typeof node !== 'object') return undefined;
  if (node.properties && Object.hasOwn(node.properties, name)) return follow(ctx, node.properties[name], resolved.from);
  for (const combiner of ['allOf', 'oneOf', 'anyOf']) {
    for (const part of Array.isArray(node[combiner]) ? node[combiner] : []) {
      const found = propertyOf(ctx, { node: part, from: resolved.from }, name);
      if (found) return found;
    }
  }
  return undefined;
}

/** @param {any} ctx @param {{ node: any, from: string | undefined }} schema */
function itemsOf(ctx, schema) {
  const resolved = follow(ctx, schema.node, schema.from);
  return resolved.node && typeof resolved.node === 'object' && resolved.node.items !== undefined
    ? follow(ctx, resolved.node.items, resolved.from)
    : undefined;
}

/**
 * The schema at a JSON pointer into a body (`/data`, `/meta/total`), or at a `/`-separated
 * field path of an item (`roles/publication_id`, arrays on the way stepped into).
 * @param {any} ctx @param {{ node: any, from: string | undefined } | undefined} schema @param {string} path
 */
function schemaAt(ctx, schema, path) {
  let current = schema;
  for (const token of path.split('/').filter(Boolean).map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    if (!current) return undefined;
    const items = /^\d+$/.test(token) ? itemsOf(ctx, current) : undefined;
    current = items ?? propertyOf(ctx, current, token) ?? propertyOf(ctx, itemsOf(ctx, current) ?? { node: undefined, from: undefined }, token);
  }
  return current;
}

/** The JSON body schema of the operation's first 2xx response. @param {any} ctx @param {any} operation @param {string | undefined} from */
function successBody(ctx, operation, from) {
  for (const [status, response] of Object.entries(operation?.responses ?? {})) {
    if (!/^2\d\d$/.test(status)) continue;
    const resolved = follow(ctx, response, from);
    const media = Object.entries(resolved.node?.content ?? {}).find(([type]) => /json/.test(type));
    if (media && media[1].schema) return { node: media[1].schema, from: resolved.from };
  }
  return undefined;
}

/**
 * Every `x-` extension of ours names something the operation has: a parameter (`x-sort`,
 * the parameters of `x-pagination`), a pointer into its 2xx body (`x-items`, `x-item`, the
 * pointers of `x-pagination`), a field of its items (`x-filter`, `x-search`, `x-revoke`) or
 * a sibling property (`x-same-as`). A rename that misses the extension fails here.
 */
function ExtensionsNameRealThings() {
  return {
    PathItem: {
      Operation: {
        /** @param {any} operation @param {any} ctx @param {any} parents */
        enter(operation, ctx, parents) {
          const from = ctx.location.source.absoluteRef;
          const pathItem = parents?.PathItem ?? {};
          const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((parameter) => follow(ctx, parameter, from));
          const names = new Set(parameters.map((parameter) => parameter.node?.name));
          const body = successBody(ctx, operation, from);
          /** @param {string[]} where @param {string} message */
          const report = (where, message) => ctx.report({ message, location: ctx.location.child(where) });

          const sort = operation['x-sort'];
          for (const key of ['field', 'order', 'descending']) {
            if (sort && typeof sort[key] === 'string' && !names.has(sort[key])) report(['x-sort', key], `x-sort.${key} names parameter "${sort[key]}", which the operation does not have.`);
          }
          const pagination = operation['x-pagination'];
          for (const key of PAGINATION_PARAMETERS) {
            if (pagination && typeof pagination[key] === 'string' && !names.has(pagination[key])) report(['x-pagination', key], `x-pagination.${key} names parameter "${pagination[key]}", which the operation does not have.`);
          }
          for (const key of PAGINATION_POINTERS) {
            if (pagination && typeof pagination[key] === 'string' && !schemaAt(ctx, body, pagination[key])) report(['x-pagination', key], `x-pagination.${key} points at ${pagination[key]}, which the 2xx body does not have.`);
          }
          for (const key of ['x-items', 'x-item']) {
            if (typeof operation[key] === 'string' && !schemaAt(ctx, body, operation[key])) report([key], `${key} points at ${operation[key]}, which the 2xx body does not have.`);
          }
          const list = typeof operation['x-items'] === 'string' ? schemaAt(ctx, body, operation['x-items']) : undefined;
          const item = list && itemsOf(ctx, list);
          for (const parameter of parameters) {
            const filter = parameter.node?.['x-filter'];
            const search = parameter.node?.['x-search'];
            const fields = [
              ...(filter && typeof filter.field === 'string' ? [['x-filter', 'field', filter.field]] : []),
              ...(Array.isArray(search?.fields) ? search.fields.map((/** @type {string} */ field, /** @type {number} */ index) => ['x-search', 'fields', index, field]) : []),
            ];
            for (const entry of fields) {
              const field = String(entry.at(-1));
              const where = parameter.location ? parameter.location.child(entry.slice(0, -1)) : ctx.location.child(['parameters']);
              if (!item) ctx.report({ message: `${entry[0]} of parameter "${parameter.node.name}" needs x-items on the operation to find its items.`, location: where });
              else if (!schemaAt(ctx, item, field)) ctx.report({ message: `${entry[0]} of parameter "${parameter.node.name}" names field "${field}", which the items do not have.`, location: where });
            }
          }
          const revoke = operation['x-revoke'];
          if (revoke && typeof revoke.field === 'string') {
            const read = pathItem.get;
            const readBody = read ? successBody(ctx, read, from) : undefined;
            const readItem = readBody && (typeof read['x-item'] === 'string' ? schemaAt(ctx, readBody, read['x-item']) : readBody);
            if (!readItem) report(['x-revoke'], 'x-revoke needs a GET on the same path that reads the item back.');
            else if (!propertyOf(ctx, readItem, revoke.field)) report(['x-revoke', 'field'], `x-revoke.field names "${revoke.field}", which the item read back does not have.`);
          }
        },
      },
    },
    Schema: {
      /** @param {any} schema @param {any} ctx */
      enter(schema, ctx) {
        const properties = schema.properties ?? {};
        for (const [name, property] of Object.entries(properties)) {
          const resolved = follow(ctx, property, ctx.location.source.absoluteRef);
          const sibling = resolved.node?.['x-same-as'];
          if (typeof sibling === 'string' && !Object.hasOwn(properties, sibling)) {
            const location = resolved.location ?? ctx.location.child(['properties', name]);
            ctx.report({ message: `x-same-as names "${sibling}", which is not a sibling property of "${name}".`, location: location.child(['x-same-as']) });
          }
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
        'extensions-name-real-things': ExtensionsNameRealThings,
        'request-constraints-sourced': RequestConstraintsSourced,
      },
    }
  };
}
