/**
 * The api-versions the emulator answers: the one the SDK sends (2023-06-01) and those whose official examples it
 * was checked against (test/emulator/contract and ../shared/asr-api-examples). Any other is refused like ARM
 * refuses a version the service does not have: 400 InvalidApiVersionParameter naming the supported ones.
 */
export const SUPPORTED_API_VERSIONS = ['2023-03-01', '2023-04-01', '2023-06-01', '2023-08-01', '2025-01-01', '2025-08-01'] as const;

export function isSupportedApiVersion(apiVersion: string): boolean {
  return (SUPPORTED_API_VERSIONS as readonly string[]).includes(apiVersion);
}
