import { randomBytes } from 'node:crypto';
import { randomUpperAlnum } from './ids';

/** The region a seeded load balancer lands in when the test does not say. */
export const DEFAULT_REGION = 'us-east-1';

/** A Classic Load Balancer listener; `certificateArn` makes it HTTPS. */
export interface ClassicListenerSeed {
  readonly port: number;
  readonly certificateArn?: string;
  /** Default: `HTTPS` with a certificate, else `HTTP`. */
  readonly protocol?: string;
}

/** What a test supplies to seed a Classic Load Balancer. */
export interface ClassicLoadBalancerSeed {
  readonly name: string;
  readonly region?: string;
  readonly listeners: readonly ClassicListenerSeed[];
}

/** A Classic Load Balancer as the stand-in's ELB holds it. */
export interface ClassicLoadBalancer {
  readonly name: string;
  readonly region: string;
  readonly dnsName: string;
  readonly createdTime: Date;
  readonly listeners: readonly ClassicListenerSeed[];
  /** `arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/<name>`: how IAM's DeleteConflict names it. */
  readonly arn: string;
}

/** An ALB/NLB listener; `certificateArn` is its default certificate, `extraCertificateArns` its SNI list. */
export interface ListenerV2Seed {
  readonly port: number;
  /** Default: `HTTPS` with a certificate (`TLS` on a network load balancer), else `HTTP` (`TCP`). */
  readonly protocol?: string;
  readonly certificateArn?: string;
  readonly extraCertificateArns?: readonly string[];
}

/** What a test supplies to seed an Application or Network Load Balancer. */
export interface LoadBalancerV2Seed {
  readonly name: string;
  readonly region?: string;
  /** Default `application`. */
  readonly type?: 'application' | 'network';
  readonly listeners: readonly ListenerV2Seed[];
}

/** An ALB/NLB listener as the stand-in's ELBv2 holds it. */
export interface ListenerV2 {
  readonly arn: string;
  readonly port: number;
  readonly protocol: string;
  readonly certificateArn: string | undefined;
  readonly extraCertificateArns: readonly string[];
}

/** An Application or Network Load Balancer as the stand-in's ELBv2 holds it. */
export interface LoadBalancerV2 {
  readonly arn: string;
  readonly name: string;
  readonly region: string;
  readonly type: 'application' | 'network';
  readonly dnsName: string;
  readonly createdTime: Date;
  readonly listeners: readonly ListenerV2[];
}

/** What a test supplies to seed a CloudFront distribution. */
export interface DistributionSeed {
  /** Default: a random `E…` id like CloudFront's. */
  readonly id?: string;
  readonly aliases?: readonly string[];
  /** The `ServerCertificateId` (`ASCA…`) of an IAM certificate; absent: the CloudFront default certificate. */
  readonly iamCertificateId?: string;
}

/** A CloudFront distribution as the stand-in holds it. */
export interface Distribution {
  readonly id: string;
  readonly arn: string;
  readonly domainName: string;
  readonly aliases: readonly string[];
  readonly iamCertificateId: string | undefined;
  readonly lastModifiedTime: Date;
  /** Changes with every update; UpdateDistribution must send it as If-Match (CloudFront API reference, UpdateDistribution). */
  readonly etag: string;
}

/**
 * One account's resources that can point at an IAM server certificate:
 * Classic and v2 load balancers per region, CloudFront distributions
 * (global). The ELB, ELBv2 and CloudFront stand-ins read them; IAM asks
 * {@link loadBalancersUsing} before a delete, as the real IAM refuses to
 * delete a certificate a load balancer listener still serves.
 */
export class CertificateConsumers {
  private readonly classic = new Map<string, ClassicLoadBalancer>();
  private readonly v2 = new Map<string, LoadBalancerV2>();
  private readonly distributionsById = new Map<string, Distribution>();

  /**
   * @param onDetach told when a listener stops serving a certificate (with the
   *   load balancer's ARN), so IAM can model seeing that late
   */
  public constructor(
    private readonly accountId: string,
    private readonly onDetach: (certificateArn: string, loadBalancerArn: string) => void = () => undefined,
  ) {}

  /** Adds a Classic Load Balancer; names are unique per region, as in ELB. */
  public addClassicLoadBalancer(seed: ClassicLoadBalancerSeed): ClassicLoadBalancer {
    const region = seed.region ?? DEFAULT_REGION;
    const key = `${region}/${seed.name}`;
    if (this.classic.has(key)) throw new Error(`a classic load balancer ${seed.name} exists already in ${region}`);
    const loadBalancer: ClassicLoadBalancer = {
      name: seed.name,
      region,
      dnsName: `${seed.name}-${randomDigits(10)}.${region}.elb.amazonaws.com`,
      createdTime: new Date(),
      listeners: seed.listeners,
      arn: `arn:aws:elasticloadbalancing:${region}:${this.accountId}:loadbalancer/${seed.name}`,
    };
    this.classic.set(key, loadBalancer);
    return loadBalancer;
  }

  /** Adds an Application or Network Load Balancer with ARNs shaped like ELBv2's. */
  public addLoadBalancerV2(seed: LoadBalancerV2Seed): LoadBalancerV2 {
    const region = seed.region ?? DEFAULT_REGION;
    const type = seed.type ?? 'application';
    // ELBv2 ARNs: loadbalancer/app/<name>/<16 hex>, listener/app/<name>/<lb id>/<16 hex>
    // (ELBv2 API reference, DescribeListeners example output).
    const kind = type === 'application' ? 'app' : 'net';
    const loadBalancerId = randomBytes(8).toString('hex');
    const prefix = `arn:aws:elasticloadbalancing:${region}:${this.accountId}`;
    const arn = `${prefix}:loadbalancer/${kind}/${seed.name}/${loadBalancerId}`;
    if ([...this.v2.values()].some((existing) => existing.region === region && existing.name === seed.name)) {
      throw new Error(`a load balancer ${seed.name} exists already in ${region}`);
    }
    const secure = type === 'application' ? 'HTTPS' : 'TLS';
    const plain = type === 'application' ? 'HTTP' : 'TCP';
    const loadBalancer: LoadBalancerV2 = {
      arn,
      name: seed.name,
      region,
      type,
      dnsName: `${seed.name}-${randomDigits(10)}.${region}.elb.amazonaws.com`,
      createdTime: new Date(),
      listeners: seed.listeners.map((listener) => ({
        arn: `${prefix}:listener/${kind}/${seed.name}/${loadBalancerId}/${randomBytes(8).toString('hex')}`,
        port: listener.port,
        protocol: listener.protocol ?? (listener.certificateArn === undefined ? plain : secure),
        certificateArn: listener.certificateArn,
        extraCertificateArns: listener.extraCertificateArns ?? [],
      })),
    };
    this.v2.set(arn, loadBalancer);
    return loadBalancer;
  }

  /** Adds a CloudFront distribution. */
  public addDistribution(seed: DistributionSeed): Distribution {
    const id = seed.id ?? `E${randomUpperAlnum(13)}`;
    if (this.distributionsById.has(id)) throw new Error(`a distribution ${id} exists already`);
    const distribution: Distribution = {
      id,
      arn: `arn:aws:cloudfront::${this.accountId}:distribution/${id}`,
      domainName: `d${randomBytes(7).toString('hex')}.cloudfront.net`,
      aliases: seed.aliases ?? [],
      iamCertificateId: seed.iamCertificateId,
      lastModifiedTime: new Date(),
      etag: newEtag(),
    };
    this.distributionsById.set(id, distribution);
    return distribution;
  }

  /** The region's Classic Load Balancers, in creation order. */
  public classicLoadBalancers(region: string): ClassicLoadBalancer[] {
    return [...this.classic.values()].filter((loadBalancer) => loadBalancer.region === region);
  }

  /** The region's ALBs and NLBs, in creation order. */
  public loadBalancersV2(region: string): LoadBalancerV2[] {
    return [...this.v2.values()].filter((loadBalancer) => loadBalancer.region === region);
  }

  /** An ALB/NLB by ARN. */
  public loadBalancerV2(arn: string): LoadBalancerV2 | undefined {
    return this.v2.get(arn);
  }

  /** An ALB/NLB listener by ARN. */
  public listenerV2(arn: string): ListenerV2 | undefined {
    for (const loadBalancer of this.v2.values()) {
      const listener = loadBalancer.listeners.find((candidate) => candidate.arn === arn);
      if (listener !== undefined) return listener;
    }
    return undefined;
  }

  /** Every distribution, ordered by id (CloudFront pages by id: a page's NextMarker is its last id). */
  public distributions(): Distribution[] {
    return [...this.distributionsById.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** A distribution by id. */
  public distribution(id: string): Distribution | undefined {
    return this.distributionsById.get(id);
  }

  /** Points a distribution's viewer certificate at another IAM certificate id; a new ETag, as CloudFront gives. */
  public setDistributionCertificate(id: string, iamCertificateId: string): Distribution {
    const current = this.distributionsById.get(id);
    if (current === undefined) throw new Error(`no distribution ${id}`);
    const updated: Distribution = { ...current, iamCertificateId, lastModifiedTime: new Date(), etag: newEtag() };
    this.distributionsById.set(id, updated);
    return updated;
  }

  /** A Classic Load Balancer by region and name. */
  public classicLoadBalancer(region: string, name: string): ClassicLoadBalancer | undefined {
    return this.classic.get(`${region}/${name}`);
  }

  /** Replaces a classic listener's certificate (SetLoadBalancerListenerSSLCertificate). */
  public setClassicCertificate(region: string, name: string, port: number, certificateArn: string): void {
    const loadBalancer = this.classic.get(`${region}/${name}`);
    if (loadBalancer === undefined) throw new Error(`no classic load balancer ${name} in ${region}`);
    const before = loadBalancer.listeners.find((listener) => listener.port === port)?.certificateArn;
    const listeners = loadBalancer.listeners.map((listener) => (listener.port === port ? { ...listener, certificateArn } : listener));
    this.classic.set(`${region}/${name}`, { ...loadBalancer, listeners });
    if (before !== undefined && before !== certificateArn) this.onDetach(before, loadBalancer.arn);
  }

  /** Changes an ALB/NLB listener's default certificate and extra list. */
  public updateListenerV2(arn: string, change: (listener: ListenerV2) => Partial<Pick<ListenerV2, 'certificateArn' | 'extraCertificateArns'>>): void {
    for (const [key, loadBalancer] of this.v2) {
      const current = loadBalancer.listeners.find((listener) => listener.arn === arn);
      if (current === undefined) continue;
      const updated = { ...current, ...change(current) };
      const listeners = loadBalancer.listeners.map((listener) => (listener.arn === arn ? updated : listener));
      this.v2.set(key, { ...loadBalancer, listeners });
      const served = (listener: ListenerV2): string[] => [...(listener.certificateArn === undefined ? [] : [listener.certificateArn]), ...listener.extraCertificateArns];
      for (const gone of served(current).filter((certificate) => !served(updated).includes(certificate))) this.onDetach(gone, loadBalancer.arn);
      return;
    }
    throw new Error(`no listener ${arn}`);
  }

  /** The ARNs of the load balancers, in any region, whose listeners serve `certificateArn`. */
  public loadBalancersUsing(certificateArn: string): string[] {
    const classic = [...this.classic.values()]
      .filter((loadBalancer) => loadBalancer.listeners.some((listener) => listener.certificateArn === certificateArn))
      .map((loadBalancer) => loadBalancer.arn);
    const v2 = [...this.v2.values()]
      .filter((loadBalancer) =>
        loadBalancer.listeners.some((listener) => listener.certificateArn === certificateArn || listener.extraCertificateArns.includes(certificateArn)),
      )
      .map((loadBalancer) => loadBalancer.arn);
    return [...classic, ...v2];
  }

  /** Forgets every load balancer and distribution. */
  public clear(): void {
    this.classic.clear();
    this.v2.clear();
    this.distributionsById.clear();
  }
}

function newEtag(): string {
  // CloudFront ETags look like E2QWRUHAPOMQZL (CloudFront API reference, GetDistributionConfig example).
  return `E${randomUpperAlnum(13)}`;
}

function randomDigits(count: number): string {
  let digits = '';
  for (const byte of randomBytes(count)) digits += String(byte % 10);
  return digits;
}
