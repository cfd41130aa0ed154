import { ServiceError } from './reply';

/**
 * Lambda functions of one account, as `GetFunctionConfiguration` describes
 * them: restJson1 `GET /2015-03-31/functions/{FunctionName}/configuration`
 * (Lambda API reference; service model `lambda`, AWS SDK for JavaScript v3
 * codegen). Only what `doctor` reads is modelled: the function's name, ARN
 * and `LoggingConfig` ("The function's Amazon CloudWatch Logs configuration
 * settings": `LogFormat`, and `LogGroup`, "By default, Lambda functions send
 * logs to a default log group named /aws/lambda/<function name>").
 */
export interface LambdaFunctionSeed {
  readonly name: string;
  readonly region: string;
  /** LoggingConfig.LogGroup; default `/aws/lambda/<name>`, as Lambda fills it in. */
  readonly logGroup?: string;
}

const PATH = /^\/2015-03-31\/functions\/([^/]+)\/configuration$/;

/** The operation a request is, or `undefined` when it is not one the stand-in serves. */
export function lambdaOperation(method: string | undefined, path: string): { readonly operation: 'GetFunctionConfiguration'; readonly functionName: string } | undefined {
  const match = PATH.exec(path);
  return method === 'GET' && match?.[1] !== undefined ? { operation: 'GetFunctionConfiguration', functionName: decodeURIComponent(match[1]) } : undefined;
}

/** One account's functions, by region and name. */
export class LambdaFunctions {
  private readonly functions = new Map<string, LambdaFunctionSeed>();

  public put(seed: LambdaFunctionSeed): void {
    this.functions.set(`${seed.region}/${seed.name}`, seed);
  }

  public clear(): void {
    this.functions.clear();
  }

  /** GetFunctionConfiguration; FunctionName may be a name or an ARN (Lambda API reference). Unknown: ResourceNotFoundException, 404. */
  public configuration(accountId: string, region: string, functionName: string): unknown {
    const name = functionName.startsWith('arn:') ? (functionName.split(':')[6] ?? '') : functionName;
    const found = this.functions.get(`${region}/${name}`);
    if (found === undefined) throw new ServiceError('ResourceNotFoundException', `Function not found: arn:aws:lambda:${region}:${accountId}:function:${name}`, 404);
    return {
      FunctionName: found.name,
      FunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${found.name}`,
      LoggingConfig: { LogFormat: 'JSON', LogGroup: found.logGroup ?? `/aws/lambda/${found.name}` },
    };
  }
}
