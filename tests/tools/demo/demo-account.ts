import { TagServerCertificateCommand, UploadServerCertificateCommand, type IAMClient } from '@aws-sdk/client-iam';
import { certificateEnding } from '../../support/certificates';
import type { StandIn } from '../../support/stand-in/stand-in';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The demo's deploy parameters: the features a team switches on, as `--param="name=value"` of `serverless.yml`. */
export const DEMO_DEPLOY_PARAMS = { checkUsage: 'true', tagOverrides: 'true', expiryEvents: 'true', evaluateAtExpiry: 'true' } as const;

/** The scheduler role's name, which CloudFormation would generate for the stack's `SchedulerRole`. */
export const DEMO_SCHEDULER_ROLE = 'demo-SchedulerRole-1A2B3C4D5E6F';

/** The two rules and the window each judges with (`daysToExpiration` as `serverless.yml` sets it). */
export const STRICT = { name: 'iam-server-certificate-expired', label: 'expired rule', windowDays: 0 } as const;
export const WARNING = { name: 'iam-server-certificate-expiring', label: 'expiring rule', windowDays: 30 } as const;

/** The one exception of the demo: its certificate, and its reason after the date. */
export const EXCEPTION = { certificate: 'vendor-portal', key: 'iam-cert-expiry:exception', reason: 'CHG-1234 vendor renewal', daysAhead: 30 } as const;

/** The load balancer that serves the excepted certificate, so retire must keep it. */
export const LOAD_BALANCER = { name: 'vendor-portal-elb', port: 443, region: 'us-east-1' } as const;

/** The certificate whose reminder event the demo prints. */
export const REMINDED = 'api-gateway-legacy';

/** The certificate that expires within hours: the next crossing, scheduled by evaluateAtExpiry. */
export const EXPIRING_SOON = 'sso-login';

/** The certificate the demo deletes at the end, as retire proposes. */
export const DELETED = 'shop-2025';

/** Compliance types as Config stores them. */
const C = 'COMPLIANT';
const NC = 'NON_COMPLIANT';

/** A demo certificate: how long it has left, and each rule's verdict on it at the first periodic run. */
export interface DemoCertificate {
  readonly name: string;
  readonly msLeft: number;
  readonly strict: string;
  readonly warning: string;
}

/** Expired, expired but excepted and in use, expiring within hours, within days, valid. */
export const CERTIFICATES: readonly DemoCertificate[] = [
  { name: DELETED, msLeft: -10 * DAY_MS, strict: NC, warning: NC },
  // The exception passes it in the expiring rule; nothing waives IAM.26 in the expired rule.
  { name: EXCEPTION.certificate, msLeft: -3 * DAY_MS, strict: NC, warning: C },
  { name: EXPIRING_SOON, msLeft: 2 * HOUR_MS, strict: C, warning: NC },
  { name: REMINDED, msLeft: 5 * DAY_MS, strict: C, warning: NC },
  { name: 'www-example-com', msLeft: 400 * DAY_MS, strict: C, warning: C },
];

/** What the demo account holds once seeded. */
export interface SeededAccount {
  /** Certificate name → its expiry, to the second. */
  readonly expiries: ReadonlyMap<string, Date>;
  /** The exception tag's value: `YYYY-MM-DD reason`. */
  readonly exceptionValue: string;
}

/**
 * Uploads {@link CERTIFICATES} as real X.509 certificates through IAM's API,
 * tags the excepted one as its owner would, and puts it behind a Classic Load
 * Balancer listener.
 */
export async function seedDemoAccount(standIn: StandIn, iam: IAMClient, now: Date): Promise<SeededAccount> {
  const expiries = new Map<string, Date>();
  for (const spec of CERTIFICATES) {
    const certificate = await certificateEnding(spec.name, now, spec.msLeft / DAY_MS);
    const uploaded = await iam.send(
      new UploadServerCertificateCommand({ ServerCertificateName: spec.name, CertificateBody: certificate.certificatePem, PrivateKey: certificate.privateKeyPem }),
    );
    expiries.set(spec.name, certificate.notAfter);
    if (spec.name === EXCEPTION.certificate) {
      const arn = uploaded.ServerCertificateMetadata?.Arn ?? '';
      standIn.addClassicLoadBalancer({ region: LOAD_BALANCER.region, name: LOAD_BALANCER.name, listeners: [{ port: LOAD_BALANCER.port, certificateArn: arn }] });
    }
  }
  // The tag's date is the exception's last day (UTC), well within maxExceptionDays (90 by default).
  const exceptionValue = `${new Date(now.getTime() + EXCEPTION.daysAhead * DAY_MS).toISOString().slice(0, 10)} ${EXCEPTION.reason}`;
  await iam.send(new TagServerCertificateCommand({ ServerCertificateName: EXCEPTION.certificate, Tags: [{ Key: EXCEPTION.key, Value: exceptionValue }] }));
  return { expiries, exceptionValue };
}
