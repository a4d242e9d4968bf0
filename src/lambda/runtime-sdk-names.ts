/** Packages the Lambda Node.js 18+ runtimes provide: the AWS SDK for JavaScript v3 and its Smithy core. */
export function isRuntimeSdkSpecifier(specifier: string): boolean {
  return specifier.startsWith('@aws-sdk/') || specifier.startsWith('@smithy/');
}

/** The AWS SDK v2 (`aws-sdk`, `aws-sdk/clients/dynamodb`...), which nodejs16.x and older runtimes provide. */
export function isSdkV2Specifier(specifier: string): boolean {
  return specifier === 'aws-sdk' || specifier.startsWith('aws-sdk/');
}
