import { AcmReadError, type AcmCertificate } from '../adapters/acm-certificates';
import { isoSeconds } from '../core/annotation';
import { covers } from '../core/certificate-names';
import { describeError } from '../errors';
import { GLOBAL_REGION, UsageService, type Usage } from '../usage/certificate-usage';

/** Reads issued ACM certificates by region. */
export interface AcmReader {
  issued(region: string): Promise<readonly AcmCertificate[]>;
}

/**
 * CloudFront takes ACM certificates only from US East (N. Virginia)
 * (CloudFront Developer Guide, "Requirements for using SSL/TLS certificates
 * with CloudFront": the certificate must be requested or imported in us-east-1).
 */
export const CLOUDFRONT_ACM_REGION = 'us-east-1';

/** ACM's certificate types (ACM API reference, CertificateSummary `Type`). */
export const AcmCertificateType = {
  AmazonIssued: 'AMAZON_ISSUED',
  Imported: 'IMPORTED',
  Private: 'PRIVATE',
} as const;

export type AcmCertificateType = (typeof AcmCertificateType)[keyof typeof AcmCertificateType];

/**
 * Who renews an advised certificate (ACM User Guide, "Managed certificate
 * renewal": ACM renews the certificates it issues, automatically when DNS
 * validated; a private certificate requested through ACM is eligible once in
 * use; an imported one is "NOT ELIGIBLE").
 */
export const AcmRenewal = {
  /** Amazon-issued: ACM renews it (automatically when DNS-validated, else after its email is answered). */
  Acm: 'acm-renews',
  /**
   * Private (from AWS Private CA, requested through ACM): ACM renews it once
   * the CA lets it ("In order to renew your AWS Private CA certificates with
   * ACM, you must first grant the ACM service principal permission to do so",
   * ACM API reference, RenewCertificate), and only clients that trust that CA
   * accept it.
   */
  PrivateCa: 'private-ca',
  /** Imported: ACM does not renew it; it has to be re-imported before it expires. */
  NotRenewed: 'not-renewed',
} as const;

export type AcmRenewal = (typeof AcmRenewal)[keyof typeof AcmRenewal];

/**
 * The ACM key algorithms each consumer takes, RSA below 2048 bits left out
 * everywhere (Security Hub ACM.2: "RSA certificates managed by ACM should use
 * a key length of at least 2,048 bits"):
 * - CloudFront: "CloudFront only supports 1024-bit RSA, 2048-bit RSA, 3072-bit
 *   RSA, 4096-bit RSA, and Elliptic Prime Curve 256-bit keys" (ACM User Guide,
 *   "Prerequisites for importing ACM certificates");
 * - ALB/NLB: "ACM supports RSA certificates with 2048, 3072, and 4096-bit key
 *   lengths, and all ECDSA certificates" (ALB Guide, "SSL certificates for your
 *   Application Load Balancer"; "Application Load Balancer supports all of the
 *   algorithms available from ACM", ACM User Guide, same page). The usage scan
 *   does not tell an NLB from an ALB; the NLB Guide ("Server certificates")
 *   recommends ACM certificates the same way;
 * - Classic Load Balancer: RSA only ("a certificate provided by ACM contains an
 *   RSA public key. Therefore, you must include a cipher suite that uses RSA in
 *   your security policy", Classic Load Balancers Guide, "SSL negotiation
 *   configurations"): no ECDSA certificate is advised for it.
 */
export const ACM_KEY_ALGORITHMS: Readonly<Record<UsageService, readonly string[]>> = {
  [UsageService.CloudFront]: ['RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1'],
  [UsageService.Elbv2]: ['RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1'],
  [UsageService.Elb]: ['RSA_2048', 'RSA_3072', 'RSA_4096'],
};

/** An issued ACM certificate that could replace an IAM one, where, and who renews it. */
export interface AcmCandidate {
  readonly region: string;
  readonly arn: string;
  /** The consumer services of that region it suits (key algorithm included). */
  readonly services: readonly UsageService[];
  readonly type: AcmCertificateType;
  readonly keyAlgorithm: string;
  /** ISO 8601, UTC, to the second. */
  readonly notAfter: string;
  readonly renewal: AcmRenewal;
}

/** What the ACM look-up found for one IAM certificate. */
export type AcmAdvice =
  /** Every consumer region has a suitable certificate: repoint instead of renewing. */
  | { readonly kind: 'repoint'; readonly candidates: readonly AcmCandidate[] }
  /** Some consumer has none (or there was nothing to look for). */
  | { readonly kind: 'none' }
  /** ACM could not be read (denied, throttled…): the advice is unknown, never "none". */
  | { readonly kind: 'not-checked'; readonly reason: string };

export interface AcmAdviceOptions {
  /** The instant the certificates are judged against. */
  readonly now: Date;
  /** A candidate must stay valid beyond this many days from `now` (the report's window). */
  readonly windowDays: number;
}

const MS_PER_DAY = 86_400_000;

/** Amazon-issued first (renewed by ACM), then private, then imported; later expiry first within each. */
const TYPE_RANK: Readonly<Record<AcmCertificateType, number>> = { AMAZON_ISSUED: 0, PRIVATE: 1, IMPORTED: 2 };

const RENEWAL: Readonly<Record<AcmCertificateType, AcmRenewal>> = {
  AMAZON_ISSUED: AcmRenewal.Acm,
  PRIVATE: AcmRenewal.PrivateCa,
  IMPORTED: AcmRenewal.NotRenewed,
};

/** The IAM certificate the advice is for. */
export interface AdvisedCertificate {
  /** Its IAM name, for the reason when its names cannot be read. */
  readonly name: string;
  /**
   * The DNS names it serves. Read only once ACM has, in every region its
   * consumers need, an issued certificate whose key and validity suit them:
   * the report reads them from the body (`GetServerCertificate`), a call an
   * account with no such ACM certificate need not pay. A failure gives
   * `not-checked` (the iam:GetServerCertificate reason).
   */
  readonly names: () => Promise<readonly string[]>;
}

/** An issued ACM certificate whose type, key algorithm and expiry are known, and which stays valid beyond the window. */
interface Fit {
  readonly certificate: AcmCertificate;
  readonly type: AcmCertificateType;
  readonly keyAlgorithm: string;
  readonly notAfter: Date;
}

/**
 * The issued ACM certificates that could replace an IAM certificate: for each
 * region its consumers need (the load balancer's region; us-east-1 for
 * CloudFront), one that covers every name, has a key algorithm every consumer
 * service there takes, and stays valid beyond the window (an expired or
 * expiring one is no replacement); else, or when one per service renews
 * better, one per service. Amazon-issued before private before imported, then
 * the latest expiry. `none` unless every consumer has one.
 *
 * ACM is read first, region by region (sorted): the first region that cannot
 * be read gives `not-checked`, the first with no certificate whose key and
 * validity suit each of its consumer services gives `none`, both without
 * reading the IAM certificate's names; only then are its names read.
 * Best-effort: a failure (AccessDenied…) gives `not-checked` with the failed
 * call and its reason, never an exception.
 */
export async function acmReplacement(
  certificate: AdvisedCertificate,
  usages: readonly Usage[],
  acm: AcmReader,
  options: AcmAdviceOptions,
): Promise<AcmAdvice> {
  if (usages.length === 0) return { kind: 'none' };
  const needs = new Map<string, Set<UsageService>>();
  for (const usage of usages) {
    const region = usage.region === GLOBAL_REGION ? CLOUDFRONT_ACM_REGION : usage.region;
    needs.set(region, (needs.get(region) ?? new Set()).add(usage.service));
  }
  const validBeyond = options.now.getTime() + options.windowDays * MS_PER_DAY;

  const regions: { region: string; services: UsageService[]; fits: Fit[] }[] = [];
  for (const [region, wanted] of [...needs].sort(([a], [b]) => a.localeCompare(b))) {
    let issued: readonly AcmCertificate[];
    try {
      issued = await acm.issued(region);
    } catch (error) {
      return { kind: 'not-checked', reason: error instanceof AcmReadError ? error.message : `acm:ListCertificates in ${region} failed: ${describeError(error)}` };
    }
    const fits = issued.flatMap((one): Fit[] => {
      const type = certificateType(one.type);
      return type !== undefined && one.keyAlgorithm !== undefined && one.notAfter !== undefined && one.notAfter.getTime() > validBeyond
        ? [{ certificate: one, type, keyAlgorithm: one.keyAlgorithm, notAfter: one.notAfter }]
        : [];
    });
    const services = [...wanted].sort();
    if (!services.every((service) => fits.some((fit) => takes(service, fit)))) return { kind: 'none' };
    regions.push({ region, services, fits });
  }

  let names: readonly string[];
  try {
    names = await certificate.names();
  } catch (error) {
    // The names come from the body (GetServerCertificate), which the report itself does not need.
    return { kind: 'not-checked', reason: `iam:GetServerCertificate of ${certificate.name} failed: ${describeError(error)}` };
  }
  if (names.length === 0) return { kind: 'none' };

  const candidates: AcmCandidate[] = [];
  for (const { region, services, fits } of regions) {
    const ranked = fits
      .filter((fit) => names.every((name) => covers(fit.certificate.names, name)))
      .sort((a, b) => TYPE_RANK[a.type] - TYPE_RANK[b.type] || b.notAfter.getTime() - a.notAfter.getTime());
    const best = (wanted: readonly UsageService[]): Fit | undefined => ranked.find((fit) => wanted.every((service) => takes(service, fit)));
    const perService: { service: UsageService; pick: Fit }[] = [];
    for (const service of services) {
      const pick = best([service]);
      if (pick === undefined) return { kind: 'none' };
      perService.push({ service, pick });
    }
    // One certificate for every consumer of the region when one suits them all and renews as well as
    // the best for each (one to watch, not several); else the best for each service.
    const forAll = best(services);
    const picked = new Map<string, { fit: Fit; services: UsageService[] }>();
    if (forAll !== undefined && perService.every(({ pick }) => TYPE_RANK[forAll.type] <= TYPE_RANK[pick.type])) {
      picked.set(forAll.certificate.arn, { fit: forAll, services });
    } else {
      for (const { service, pick } of perService) {
        const entry = picked.get(pick.certificate.arn) ?? { fit: pick, services: [] };
        entry.services.push(service);
        picked.set(pick.certificate.arn, entry);
      }
    }
    for (const { fit, services: served } of picked.values()) {
      candidates.push({
        region,
        arn: fit.certificate.arn,
        services: served,
        type: fit.type,
        keyAlgorithm: fit.keyAlgorithm,
        notAfter: isoSeconds(fit.notAfter),
        renewal: RENEWAL[fit.type],
      });
    }
  }
  return { kind: 'repoint', candidates };
}

/** Whether a consumer `service` takes the certificate's key algorithm. */
function takes(service: UsageService, fit: Fit): boolean {
  return ACM_KEY_ALGORITHMS[service].includes(fit.keyAlgorithm);
}

function certificateType(type: string | undefined): AcmCertificateType | undefined {
  return Object.values(AcmCertificateType).find((known) => known === type);
}

/** "repoint to ACM arn:… (us-east-1: cloudfront, elb; ACM renews it)". */
export function acmAdvice(candidates: readonly AcmCandidate[]): string {
  return `repoint to ACM ${candidates.map((candidate) => `${candidate.arn} (${candidate.region}: ${candidate.services.join(', ')}; ${renewalText(candidate)})`).join(', ')}`;
}

function renewalText(candidate: AcmCandidate): string {
  switch (candidate.renewal) {
    case AcmRenewal.Acm:
      return 'ACM renews it';
    case AcmRenewal.PrivateCa:
      return 'private CA: ACM renews it once the CA lets it, and only clients that trust that CA accept it';
    case AcmRenewal.NotRenewed:
      return `imported: ACM does not renew it, re-import it before ${candidate.notAfter}`;
  }
}

/** "ACM not checked: <reason>", for stderr. */
export function acmNotChecked(reason: string): string {
  return `ACM not checked: ${reason}`;
}
