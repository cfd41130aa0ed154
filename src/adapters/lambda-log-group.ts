import { GetFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';

/**
 * Where a Lambda function sends its logs: `LoggingConfig.LogGroup` of
 * GetFunctionConfiguration (Lambda API reference, LoggingConfig: "The name of
 * the Amazon CloudWatch log group the function sends logs to. By default,
 * Lambda functions send logs to a default log group named
 * /aws/lambda/<function name>"), so a function configured with a custom
 * group is searched there, not where the default would be.
 */
export class LambdaLogGroup {
  public constructor(private readonly lambda: LambdaClient) {}

  /** The function's log group as its configuration names it; `undefined` when the configuration names none. */
  public async of(functionArn: string): Promise<string | undefined> {
    const answer = await this.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionArn }));
    const group = answer.LoggingConfig?.LogGroup;
    return group === undefined || group === '' ? undefined : group;
  }
}
