import { InvalidSettingError, InvalidSettingsError } from '../config/setting';
import { TemporalMisconfiguredError, TemporalUnreachableError } from '../config/wait-for-temporal';
import { InvalidSiteRecoveryConfigError } from '../site-recovery/azure/config';

/** EX_CONFIG (sysexits.h): a setting is wrong; restarting will not help. */
const EXIT_INVALID_SETTING = 78;

/** How a program that failed to start says so: the exit code and what to print (no stack for known causes). */
export function exitCodeFor(error: unknown): { code: number; message: string } {
  if (error instanceof TemporalMisconfiguredError || error instanceof TemporalUnreachableError) {
    return { code: error.exitCode, message: error.message };
  }
  if (error instanceof InvalidSettingError || error instanceof InvalidSettingsError || error instanceof InvalidSiteRecoveryConfigError)
    return { code: EXIT_INVALID_SETTING, message: error.message };
  return { code: 1, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}
