// The proxy has no token of its own: every credential its clients send is a secret. Each
// one is learnt from the request as the spec's security schemes carry it (spec/security.ts),
// and from then on taken out of every line and report (lib/redact.ts), wherever a server
// echoes it. The header names that carry credentials are blanked whatever they hold.
import { Redactor } from "../lib/redact.ts";
import { carrierOf, type CredentialCarrier, type OfferedRequest, UnsupportedSchemeError } from "../spec/security.ts";
import type { OpenApiDocument } from "../spec/openapi.ts";

/** Past this many distinct credentials the oldest are forgotten: a long session with rotating tokens must not grow without bound. */
const MAX_SECRETS = 1_000;

export class SecretBook {
  private readonly carriers: CredentialCarrier[];
  private readonly headerNames: string[];
  private readonly secrets = new Set<string>();
  private current: Redactor;

  constructor(doc: OpenApiDocument) {
    this.carriers = Object.keys(doc.components?.securitySchemes ?? {}).flatMap((name) => {
      try {
        return [carrierOf(doc, name)];
      } catch (error) {
        if (error instanceof UnsupportedSchemeError) return [];
        throw error;
      }
    });
    this.headerNames = [...new Set(this.carriers.flatMap((carrier) => carrier.secretHeaders))];
    this.current = new Redactor([], this.headerNames);
  }

  /** Learns the credentials `request` offers; returns them (the first is the one a curl line leaves to `$CONFORMANCE_TOKEN`). */
  learn(request: OfferedRequest): string[] {
    const offered = this.carriers.map((carrier) => carrier.offered(request)).filter((secret): secret is string => secret !== undefined && secret !== "");
    let changed = false;
    for (const secret of offered) {
      if (this.secrets.has(secret)) continue;
      this.secrets.add(secret);
      if (this.secrets.size > MAX_SECRETS) this.secrets.delete(this.secrets.values().next().value as string);
      changed = true;
    }
    if (changed) this.current = new Redactor([...this.secrets], this.headerNames);
    return offered;
  }

  get redactor(): Redactor {
    return this.current;
  }

  /** Header names whose values are credentials (lower case). */
  get secretHeaderNames(): ReadonlySet<string> {
    return new Set(this.headerNames);
  }
}
