/**
 * Benchmark of `check-iac` on large files: `npm run bench:check-iac`.
 *
 * Builds the CLI as `npm run build` does, writes each file named in
 * BENCH_FILES (comma-separated, default all of the kinds below; the number is
 * megabytes), each with one IAM server certificate that expires in 10 days,
 * and runs `node cli.js check-iac FILE` in fresh processes:
 *
 * - `plan-N`: a `terraform show -json` plan on one line, as Terraform prints
 *   it (EC2 instances in prior state, planned values, changes and
 *   configuration); `pretty-N` the same indented;
 * - `rules-N`, `records-N`, `roles-N`: plans of security group rules, Route 53
 *   records and IAM roles (with their policies as JSON strings), in planned
 *   values and changes: other shapes of real plans;
 * - `keys-N`: a plan whose one variable is a single object of distinct keys,
 *   the worst case for the parsed values' size (a dictionary entry and a new
 *   string a key);
 * - `yaml-N`: a CloudFormation template in dense YAML flow style (N at most 8,
 *   the gate's YAML limit).
 *
 * For each file it prints, as a Markdown table: the size; the exit code (2
 * expected: the certificate is expiring), wall time and peak RSS with Node's
 * default heap (or NODE_OPTIONS as given); the smallest `--max-old-space-size`
 * (in 8 MiB steps) the check finishes in with the memory guard out of the way
 * (a preload tells it the heap is unlimited), and from that the heap it took
 * a character, text included (less what a tiny plan takes: the CLI's own
 * heap); and the smallest `--max-old-space-size` the guard accepts the file
 * with. Exits non-zero if a default-heap run does not exit 2 with the
 * finding. Not part of `npm test`: it writes files of 100 MB and more and
 * takes about ten minutes.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeLargePlan } from '../cli/check-iac/large-plan';
import { buildCli } from '../../scripts/cli-bundle';
import { certificateEnding } from '../support/certificates';

const FILES = (process.env['BENCH_FILES'] ?? 'plan-30,plan-120,pretty-120,rules-60,records-60,roles-60,keys-30,yaml-1,yaml-7.5').split(',');
/** The bisection's bounds and step for `--max-old-space-size`, in MiB. */
const HEAP_RANGE = { low: 8, high: 8192, step: 8 } as const;
const MIB = 1024 * 1024;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallMs: number;
  readonly maxRssKib: number;
}

interface Preloads {
  /** Records the process's peak RSS (`process.resourceUsage().maxRSS`, KiB) at exit. */
  readonly maxRss: string;
  readonly rssFile: string;
  /** Makes the memory guard see an unlimited heap, so only V8's real limit decides. */
  readonly unlimited: string;
}

function writePreloads(directory: string): Preloads {
  const rssFile = join(directory, 'max-rss.txt');
  const maxRss = join(directory, 'max-rss.cjs');
  writeFileSync(maxRss, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`);
  const unlimited = join(directory, 'unlimited-heap.cjs');
  writeFileSync(unlimited, "const v8 = require('node:v8');\nconst real = v8.getHeapStatistics;\nv8.getHeapStatistics = () => ({ ...real(), heap_size_limit: 2 ** 50 });\n");
  return { maxRss, rssFile, unlimited };
}

function runCli(cli: string, file: string, preloads: Preloads, options: { heapMib?: number; unlimited?: boolean } = {}): Promise<Run> {
  rmSync(preloads.rssFile, { force: true });
  const flags = [
    '--require',
    preloads.maxRss,
    ...(options.unlimited === true ? ['--require', preloads.unlimited] : []),
    ...(options.heapMib === undefined ? [] : [`--max-old-space-size=${options.heapMib}`]),
  ];
  const nodeOptions = options.heapMib === undefined ? process.env['NODE_OPTIONS'] : undefined;
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, cli, 'check-iac', file], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env['PATH'] ?? '', ...(nodeOptions === undefined ? {} : { NODE_OPTIONS: nodeOptions }) } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      let maxRssKib = Number.NaN;
      try {
        maxRssKib = Number(readFileSync(preloads.rssFile, 'utf8'));
      } catch {
        // A process V8 aborts for want of heap never reaches 'exit'.
      }
      resolve({ code, stdout, stderr, wallMs, maxRssKib });
    });
  });
}

/** The smallest heap (MiB, in HEAP_RANGE steps) for which `works` holds, assuming it holds for every larger one. */
async function smallestHeap(works: (heapMib: number) => Promise<boolean>): Promise<number | undefined> {
  let low: number = HEAP_RANGE.low;
  let high: number = HEAP_RANGE.high;
  if (!(await works(high))) return undefined;
  while (high - low > HEAP_RANGE.step) {
    const middle = Math.round((low + high) / 2 / HEAP_RANGE.step) * HEAP_RANGE.step;
    if (await works(middle)) high = middle;
    else low = middle;
  }
  return high;
}

/** Writes pieces to a file, so a file of hundreds of MB never exists as one string here. */
function writePieces(path: string, pieces: (write: (text: string) => void) => void): number {
  const file = openSync(path, 'w');
  let bytes = 0;
  try {
    pieces((text) => {
      bytes += writeSync(file, text);
    });
  } finally {
    closeSync(file);
  }
  return bytes;
}

function certificateChange(pem: string): string {
  return JSON.stringify({
    address: 'aws_iam_server_certificate.site',
    mode: 'managed',
    type: 'aws_iam_server_certificate',
    name: 'site',
    change: { actions: ['create'], before: null, after: { name: 'site', certificate_body: pem }, after_unknown: { arn: true } },
  });
}

/** The attributes of resource `i` of each plan kind of {@link writeResourcesPlan}: short ids, names, numbers, lists, as the AWS provider has them. */
const RESOURCES: Readonly<Record<string, { readonly type: string; readonly values: (i: number) => Record<string, unknown> }>> = {
  rules: {
    type: 'aws_security_group_rule',
    values: (i) => ({ cidr_blocks: [`10.${(i >> 8) & 255}.${i & 255}.0/24`], description: `allow ${i}`, from_port: 443, to_port: 443, protocol: 'tcp', security_group_id: `sg-${i.toString(16).padStart(17, '0')}`, self: false, type: 'ingress', ipv6_cidr_blocks: null, prefix_list_ids: [], source_security_group_id: null, id: `sgrule-${i}` }),
  },
  records: {
    type: 'aws_route53_record',
    values: (i) => ({ allow_overwrite: null, name: `host-${i}.example.com`, records: [`10.0.${(i >> 8) & 255}.${i & 255}`], ttl: 300, type: 'A', zone_id: 'Z0123456789ABCDEFGHIJ', alias: [], weighted_routing_policy: [], set_identifier: null, fqdn: `host-${i}.example.com`, id: `Z0123456789ABCDEFGHIJ_host-${i}.example.com_A` }),
  },
  roles: {
    type: 'aws_iam_role',
    values: (i) => ({
      name: `role-${i}`,
      assume_role_policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
      inline_policy: [{ name: 'p', policy: JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: 5 }, (_, s) => ({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: [`arn:aws:s3:::bucket-${i}-${s}/*`] })) }) }],
      arn: `arn:aws:iam::123456789012:role/role-${i}`,
      tags: { Team: 'platform', Name: `role-${i}` },
      max_session_duration: 3600,
    }),
  },
};

/** A plan of about `targetBytes`: resources of one kind of {@link RESOURCES} in `planned_values` and updated in `resource_changes`. */
function writeResourcesPlan(path: string, targetBytes: number, pem: string, kind: string): number {
  const resource = RESOURCES[kind];
  if (resource === undefined) throw new Error(`BENCH_FILES: no resource kind ${kind}`);
  const address = (i: number) => ({ address: `${resource.type}.r["k${i}"]`, mode: 'managed', type: resource.type, name: 'r', index: `k${i}`, provider_name: 'registry.terraform.io/hashicorp/aws' });
  const planned = (i: number) => JSON.stringify({ ...address(i), schema_version: 0, values: resource.values(i + 1), sensitive_values: {} });
  const change = (i: number) => JSON.stringify({ ...address(i), change: { actions: ['update'], before: resource.values(i), after: resource.values(i + 1), after_unknown: {}, before_sensitive: {}, after_sensitive: {} } });
  const count = Math.round(targetBytes / (planned(1).length + change(1).length + 2));
  return writePieces(path, (write) => {
    const list = (item: (i: number) => string): void => {
      for (let start = 0; start < count; start += 1_000) write(Array.from({ length: Math.min(1_000, count - start) }, (_, offset) => `,${item(start + offset)}`).join(''));
    };
    write(`{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{"root_module":{"resources":[${planned(-1)}`);
    list(planned);
    write(`]}},"resource_changes":[${certificateChange(pem)}`);
    list(change);
    write(']}');
  });
}

/** A plan whose variable `big` is one object of `targetBytes` of distinct keys: `{"k0":0,"k1":1,…}`. */
function writeKeysPlan(path: string, targetBytes: number, pem: string): number {
  return writePieces(path, (write) => {
    write(`{"format_version":"1.2","terraform_version":"1.9.8","resource_changes":[${certificateChange(pem)}],"variables":{"big":{"value":{`);
    let written = 0;
    let chunk: string[] = [];
    for (let i = 0; written < targetBytes; i += 1) {
      const entry = `${i === 0 ? '' : ','}"k${i}":${i % 10}`;
      written += entry.length;
      chunk.push(entry);
      if (chunk.length === 10_000) {
        write(chunk.join(''));
        chunk = [];
      }
    }
    write(`${chunk.join('')}}}}}`);
  });
}

/** A CloudFormation template of about `targetBytes`, one S3 bucket a line in YAML flow style, and the certificate. */
function writeYamlTemplate(path: string, targetBytes: number, pem: string): number {
  return writePieces(path, (write) => {
    write(`Resources:\n  Cert:\n    Type: AWS::IAM::ServerCertificate\n    Properties:\n      CertificateBody: |\n${pem.trim().replace(/^/gm, '        ')}\n`);
    let written = 0;
    let chunk: string[] = [];
    for (let i = 0; written < targetBytes; i += 1) {
      const line = `  Bucket${i}: { Type: AWS::S3::Bucket, Properties: { BucketName: !Sub "\${AWS::StackName}-b${i}", Tags: [{ Key: Team, Value: platform }, { Key: Name, Value: b${i} }], VersioningConfiguration: { Status: Enabled } } }\n`;
      written += line.length;
      chunk.push(line);
      if (chunk.length === 1_000) {
        write(chunk.join(''));
        chunk = [];
      }
    }
    write(chunk.join(''));
  });
}

/** Writes the file BENCH_FILES names `name` (`plan-120`, …) into `directory`. */
function writeFile(directory: string, name: string, pem: string): { path: string; bytes: number } {
  const [kind, megabytes] = name.split('-');
  const targetBytes = Number(megabytes) * 1_000_000;
  if (!Number.isFinite(targetBytes) || targetBytes <= 0) throw new Error(`BENCH_FILES: ${name} is not KIND-MEGABYTES`);
  switch (kind) {
    case 'plan':
    case 'pretty': {
      const path = join(directory, `${name}.json`);
      return { path, bytes: writeLargePlan(path, targetBytes, pem, kind === 'pretty').bytes };
    }
    case 'rules':
    case 'records':
    case 'roles': {
      const path = join(directory, `${name}.json`);
      return { path, bytes: writeResourcesPlan(path, targetBytes, pem, kind) };
    }
    case 'keys': {
      const path = join(directory, `${name}.json`);
      return { path, bytes: writeKeysPlan(path, targetBytes, pem) };
    }
    case 'yaml': {
      const path = join(directory, `${name}.yaml`);
      return { path, bytes: writeYamlTemplate(path, targetBytes, pem) };
    }
    default:
      throw new Error(`BENCH_FILES: ${name}: the kinds are plan, pretty, rules, records, roles, keys and yaml`);
  }
}

const finished = (run: Run): boolean => run.code === 0 || run.code === 2;
const refused = (run: Run): boolean => run.code === 1 && run.stderr.includes('--max-old-space-size=');

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'bench-check-iac-'));
  let failed = false;
  try {
    const cli = join(directory, 'cli.js');
    await buildCli(cli);
    const preloads = writePreloads(directory);
    const pem = (await certificateEnding('www.example.com', new Date(), 10)).certificatePem;
    const tiny = join(directory, 'tiny.json');
    writeFileSync(tiny, JSON.stringify({ format_version: '1.2', terraform_version: '1.9.8', resource_changes: [] }));
    const base = await smallestHeap(async (heapMib) => finished(await runCli(cli, tiny, preloads, { heapMib, unlimited: true })));
    console.log(`A tiny plan checks in --max-old-space-size=${base ?? '?'} (the CLI's own heap).\n`);
    console.log('| file | size | exit | wall | peak RSS | runs in | heap a character | the guard accepts it from |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const name of FILES) {
      const { path, bytes } = writeFile(directory, name, pem);
      const characters = readFileSync(path, 'utf8').length;
      const run = await runCli(cli, path, preloads);
      const found = run.stdout.includes('[IAMCERT002]');
      const runsIn = await smallestHeap(async (heapMib) => finished(await runCli(cli, path, preloads, { heapMib, unlimited: true })));
      const accepted = await smallestHeap(async (heapMib) => !refused(await runCli(cli, path, preloads, { heapMib })));
      const perCharacter = runsIn === undefined || base === undefined ? '?' : (((runsIn - base) * MIB) / characters).toFixed(2);
      const flag = (mib: number | undefined): string => (mib === undefined ? `over ${HEAP_RANGE.high}` : `${mib} MiB`);
      console.log(
        `| ${name} | ${(bytes / 1e6).toFixed(1)} MB | ${run.code} | ${(run.wallMs / 1000).toFixed(2)} s | ${(run.maxRssKib / 1024).toFixed(0)} MiB | ${flag(runsIn)} | ${perCharacter} B | ${flag(accepted)} |`,
      );
      if (run.code !== 2 || !found) {
        failed = true;
        console.error(`${name}: expected exit 2 with the IAMCERT002 finding, got ${run.code}\n${run.stdout}${run.stderr}`);
      }
      rmSync(path);
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  if (failed) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
