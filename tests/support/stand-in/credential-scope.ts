/** The region and service a SigV4 request was signed for. */
export interface CredentialScope {
  readonly region: string;
  readonly service: string;
}

// `Credential=AKID/20261123/eu-west-1/elasticloadbalancing/aws4_request`
// (AWS General Reference, "Signature Version 4": the credential scope is
// date/region/service/aws4_request).
const SCOPE = /Credential=[^/,\s]+\/\d{8}\/([\w-]+)\/([\w-]+)\/aws4_request/;

/**
 * The credential scope of a SigV4 `Authorization` header. ELB and ELBv2 share
 * the signing name `elasticloadbalancing`, and a region's endpoint only ever
 * sees requests signed for that region, so the scope tells the stand-in which
 * region's load balancers a call is about.
 */
export function credentialScopeOf(authorization: string | undefined): CredentialScope | undefined {
  const match = authorization === undefined ? null : SCOPE.exec(authorization);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { region: match[1], service: match[2] };
}
