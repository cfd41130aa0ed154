/** How serious a finding is: `error` fails the gate (exit 2), `warning` is reported only. */
export type FindingLevel = 'error' | 'warning';

/** The checks of `check-iac`, with their SARIF rule ids. */
export const IacRule = {
  Expired: { id: 'IAMCERT001', name: 'expired-iam-server-certificate', text: 'An IAM server certificate in the change has already expired.' },
  Expiring: { id: 'IAMCERT002', name: 'expiring-iam-server-certificate', text: 'An IAM server certificate in the change expires within the warning window.' },
  Unknown: { id: 'IAMCERT003', name: 'unknown-certificate-body', text: 'The certificate body is not known before deployment, so its expiry cannot be checked.' },
  InvalidBody: { id: 'IAMCERT004', name: 'invalid-certificate-body', text: 'The certificate body is not a PEM X.509 certificate.' },
  Consumer: { id: 'IAMCERT005', name: 'iam-certificate-consumer', text: 'A listener or distribution points at an IAM server certificate; AWS Certificate Manager certificates are accepted there.' },
  Denied: { id: 'IAMCERT006', name: 'iam-server-certificate-denied', text: 'IAM server certificates are not allowed (--deny-iam-certificates); use AWS Certificate Manager.' },
  UncheckedTemplate: {
    id: 'IAMCERT007',
    name: 'unchecked-template',
    text: 'A template the change deploys (a nested stack, a stack set, an included snippet) is remote or known only at deployment, a macro processes the template or a module is expanded at deployment, or a Terraform plan is incomplete, so the gate could not check what is deployed.',
  },
  DuplicateKey: { id: 'IAMCERT008', name: 'duplicate-key', text: 'A key appears twice in one object or mapping: parsers keep the last, other readers may take the first, so the gate checks the template with each value.' },
} as const;

export type IacRule = (typeof IacRule)[keyof typeof IacRule];

/** Where in a file a finding is: 1-based line and column. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** A position in a named file. */
export interface SourcePlace {
  readonly file: string;
  readonly position: SourcePosition;
}

/** One thing the gate found. */
export interface IacFinding {
  readonly rule: IacRule;
  readonly level: FindingLevel;
  readonly file: string;
  readonly position: SourcePosition;
  /** The Terraform address or CloudFormation logical id. */
  readonly resource: string;
  readonly message: string;
}

/** A file the gate could not read or parse: a usage error (exit 1), naming the file and position. */
export interface IacParseProblem {
  readonly file: string;
  readonly position: SourcePosition | undefined;
  readonly message: string;
}
