// The request log of `npm run mock -- --log`, one line per request in both modes.

/** `<api> <METHOD> <path?query> <status>[ <what was wrong>]`. */
export function logLine(api: string, method: string, target: string, status: number, problem?: string): string {
  return `${api} ${method} ${target} ${status}${problem ? ` ${problem}` : ""}`;
}

interface PrismViolation {
  message?: string;
}

/** The messages of Prism's `sl-violations` header (a JSON array), joined; undefined when there are none. */
export function prismViolations(header: unknown): string | undefined {
  if (typeof header !== "string" || header === "") return undefined;
  try {
    const violations = JSON.parse(header) as PrismViolation[];
    const messages = violations.map((violation) => violation.message).filter((message): message is string => typeof message === "string");
    return messages.length > 0 ? messages.join("; ") : undefined;
  } catch {
    return header;
  }
}
