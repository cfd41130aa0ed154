import { at, entriesOf, field, list, text } from './iac-values';

/**
 * The `configuration` of a plan (Terraform "JSON Output Format",
 * configuration representation): each module's `resources[]` (`address`
 * relative to the module, `mode`, `type`, `name`, `expressions`), its
 * `outputs.<name>.expression`, and its `module_calls.<name>` (`expressions`
 * of the call's arguments, and the called `module`, recursively). An
 * expression is `{ "constant_value": … }` or `{ "references": [...] }`; a
 * nested block is an array of such expression objects.
 */
interface ModuleScope {
  /** `module.a.module.b`, without instance keys; `''` for the root module. */
  readonly address: string;
  readonly config: unknown;
  readonly parent: ModuleScope | undefined;
  /** This module's name in its parent's `module_calls`. */
  readonly callName: string | undefined;
}

/** Reads which resource arguments of a plan's configuration reference an IAM server certificate. */
export class TerraformConfiguration {
  private readonly modules = new Map<string, ModuleScope>();
  private readonly resources = new Map<string, { readonly expressions: unknown; readonly scope: ModuleScope }>();

  public constructor(configuration: unknown) {
    // Iterative, not recursive: module nesting comes from the file and may be arbitrarily deep.
    const pending: ModuleScope[] = [{ address: '', config: field(configuration, 'root_module'), parent: undefined, callName: undefined }];
    for (let scope = pending.pop(); scope !== undefined; scope = pending.pop()) {
      if (this.modules.has(scope.address)) continue;
      this.modules.set(scope.address, scope);
      for (const resource of list(field(scope.config, 'resources'))) {
        const address = text(field(resource, 'address')) ?? localAddress(text(field(resource, 'mode')), text(field(resource, 'type')), text(field(resource, 'name')));
        if (address !== undefined) this.resources.set(`${scope.address}|${address}`, { expressions: field(resource, 'expressions'), scope });
      }
      for (const [callName, call] of entriesOf(field(scope.config, 'module_calls'))) {
        pending.push({ address: join(scope.address, `module.${callName}`), config: field(call, 'module'), parent: scope, callName });
      }
    }
  }

  /**
   * The address of the IAM server certificate (`aws_iam_server_certificate`
   * or its data source) that an argument of a resource references, directly
   * or through a module's input variable or another module's output;
   * `undefined` if none. `block` names the nested block the argument is in
   * (`listener`), if any. References through `local` values are not
   * followed: the JSON configuration does not describe locals.
   */
  public certificateReferencedBy(change: unknown, block: string | undefined, argument: string): string | undefined {
    const mode = text(field(change, 'mode'));
    const type = text(field(change, 'type'));
    const name = text(field(change, 'name'));
    const local = localAddress(mode, type, name);
    if (local === undefined) return undefined;
    const module = moduleAddressOf(change, local);
    const resource = this.resources.get(`${module}|${local}`);
    if (resource === undefined) return undefined;
    const expressions = block === undefined ? [field(resource.expressions, argument)] : list(field(resource.expressions, block)).map((item) => field(item, argument));
    return this.certificateIn(
      resource.scope,
      expressions.flatMap((expression) => list(field(expression, 'references'))),
    );
  }

  private certificateIn(start: ModuleScope, startReferences: readonly unknown[]): string | undefined {
    const pending: Array<{ scope: ModuleScope; references: readonly unknown[] }> = [{ scope: start, references: startReferences }];
    const seen = new Set<string>();
    for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
      const { scope } = item;
      for (const reference of item.references) {
        const raw = text(reference);
        if (raw === undefined || seen.has(`${scope.address}|${raw}`)) continue;
        seen.add(`${scope.address}|${raw}`);
        const [first, second, third] = withoutInstanceKeys(raw).split('.');
        if (first === 'aws_iam_server_certificate' && second !== undefined) return join(scope.address, `${first}.${second}`);
        if (first === 'data' && second === 'aws_iam_server_certificate' && third !== undefined) return join(scope.address, `data.${second}.${third}`);
        if (first === 'var' && second !== undefined && scope.parent !== undefined && scope.callName !== undefined) {
          // The module's input variable: the expression its caller passes for it.
          pending.push({ scope: scope.parent, references: list(at(scope.parent.config, 'module_calls', scope.callName, 'expressions', second, 'references')) });
        } else if (first === 'module' && second !== undefined && third !== undefined) {
          // Another module's output: the expression it is defined by, in that module.
          const child = this.modules.get(join(scope.address, `module.${second}`));
          if (child !== undefined) pending.push({ scope: child, references: list(at(child.config, 'outputs', third, 'expression', 'references')) });
        }
      }
    }
    return undefined;
  }
}

/** `aws_x.y`, or `data.aws_x.y` for a data source: a resource's address within its module. */
function localAddress(mode: string | undefined, type: string | undefined, name: string | undefined): string | undefined {
  if (type === undefined || name === undefined) return undefined;
  return mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
}

/** The module a `resource_changes[]` entry is in (`module_address`, or what its `address` has before the resource), without instance keys. */
function moduleAddressOf(change: unknown, local: string): string {
  const declared = text(field(change, 'module_address'));
  if (declared !== undefined) return withoutInstanceKeys(declared);
  const address = withoutInstanceKeys(text(field(change, 'address')) ?? local);
  return address.endsWith(`.${local}`) ? address.slice(0, -local.length - 1) : '';
}

function join(module: string, rest: string): string {
  return module === '' ? rest : `${module}.${rest}`;
}

/**
 * An address without its instance keys: `module.a["x.y"].aws_b.c[0]` →
 * `module.a.aws_b.c` (configuration addresses have none). Quoted keys may
 * hold dots and brackets, so the brackets are matched, not pattern-replaced.
 */
function withoutInstanceKeys(address: string): string {
  let result = '';
  let index = 0;
  while (index < address.length) {
    const char = address.charAt(index);
    if (char !== '[') {
      result += char;
      index += 1;
      continue;
    }
    index += 1;
    let quoted = false;
    while (index < address.length) {
      const inside = address.charAt(index);
      if (quoted && inside === '\\') index += 1;
      else if (inside === '"') quoted = !quoted;
      else if (!quoted && inside === ']') break;
      index += 1;
    }
    index += 1; // past ']'
  }
  return result;
}
