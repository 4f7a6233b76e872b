/**
 * The api-versions the emulator answers: the one the SDK sends (2023-06-01) and those whose official examples it
 * was checked against (test/emulator/contract and ../shared/asr-api-examples). Any other is refused like ARM
 * refuses a version the service does not have: 400 InvalidApiVersionParameter naming the supported ones.
 */
export const SUPPORTED_API_VERSIONS = ['2023-03-01', '2023-04-01', '2023-06-01', '2023-08-01', '2025-01-01', '2025-08-01'] as const;

/**
 * Microsoft.Compute: what `@azure/arm-compute` 23.3.0 sends (virtual machines 2025-04-01, disks 2025-01-02) and the
 * earlier versions whose examples the views follow.
 */
export const SUPPORTED_COMPUTE_API_VERSIONS = ['2024-03-01', '2024-07-01', '2024-11-01', '2025-04-01', '2024-03-02', '2025-01-02'] as const;

const COMPUTE_PATH = /\/providers\/Microsoft\.Compute\//i;

/** The versions ARM answers for the path's resource provider. */
export function supportedApiVersionsFor(path: string): readonly string[] {
  return COMPUTE_PATH.test(path) ? SUPPORTED_COMPUTE_API_VERSIONS : SUPPORTED_API_VERSIONS;
}

export function isSupportedApiVersion(apiVersion: string, path = ''): boolean {
  return supportedApiVersionsFor(path).includes(apiVersion);
}
