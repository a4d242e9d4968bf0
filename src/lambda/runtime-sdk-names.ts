/** Packages the Lambda Node.js runtime provides: the AWS SDK for JavaScript v3 and its Smithy core. */
export function isRuntimeSdkSpecifier(specifier: string): boolean {
  return specifier.startsWith('@aws-sdk/') || specifier.startsWith('@smithy/');
}
