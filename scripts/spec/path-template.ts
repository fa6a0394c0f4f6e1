// OpenAPI path templating (`/clients/{clientId}`): which concrete paths a template
// matches. The server's router and the suite's probes (a method documented on another
// template that matches the same URL is not "unsupported") read it from here.

export interface PathTemplate {
  path: string;
  pattern: RegExp;
  parameterNames: string[];
  /** Literal segments: the more, the more specific (`/clients/page/{page}` before `/clients/{id}`). */
  literals: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function compilePathTemplate(path: string): PathTemplate {
  const parameterNames: string[] = [];
  const segments = path.split("/").slice(1);
  const source = segments
    .map((segment) => {
      const parameter = /^\{([^}]+)\}$/.exec(segment)?.[1];
      if (parameter === undefined) return escapeRegExp(segment);
      parameterNames.push(parameter);
      return "([^/]+)";
    })
    .join("/");
  const literals = segments.filter((segment) => !segment.startsWith("{")).length;
  return { path, pattern: new RegExp(`^/${source}$`), parameterNames, literals };
}

export function pathMatchesTemplate(template: string, pathname: string): boolean {
  return compilePathTemplate(template).pattern.test(pathname);
}
