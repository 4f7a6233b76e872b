import { listQueryFor, visibilityQueryFor } from '../../client';

describe('visibilityQueryFor', () => {
  it('lists every migrateMachine run without filters', () => {
    expect(visibilityQueryFor()).toBe("WorkflowType = 'migrateMachine'");
  });

  it('combines stage, scenario and wave on the custom search attributes', () => {
    expect(visibilityQueryFor({ stage: 'AwaitingFailoverApproval', scenario: 'vmware-to-azure', wave: 'wave-2' })).toBe(
      "WorkflowType = 'migrateMachine' AND MigrationStage = 'AwaitingFailoverApproval' AND SourcePlatform = 'vmware-to-azure' AND MigrationWave = 'wave-2'",
    );
  });

  it('escapes quotes in a wave name so it cannot change the query', () => {
    expect(visibilityQueryFor({ wave: "o'brien" })).toBe("WorkflowType = 'migrateMachine' AND MigrationWave = 'o\\'brien'");
  });

  it('asks for a prefix, narrowed to the exact wave on our side, when the store cannot compare the wave as written', () => {
    const backslash = listQueryFor({ wave: 'team\\a' });
    expect(backslash.query).toBe("WorkflowType = 'migrateMachine' AND MigrationWave STARTS_WITH 'team'");
    expect([backslash.keep({ wave: 'team\\a' }), backslash.keep({ wave: 'TEAM\\a' }), backslash.keep({ wave: 'team\\ab' })]).toEqual([
      true,
      false,
      false,
    ]);
    expect(visibilityQueryFor({ wave: 'it\'s "b"' })).toBe("WorkflowType = 'migrateMachine' AND MigrationWave STARTS_WITH 'it'");
    expect(visibilityQueryFor({ wave: '"quoted"' })).toBe("WorkflowType = 'migrateMachine' AND MigrationWave IS NOT NULL");
    expect(visibilityQueryFor({ wave: "wave 'one'" })).toBe("WorkflowType = 'migrateMachine' AND MigrationWave STARTS_WITH 'wave '");
  });

  it('refuses a wave longer than any wave can be', () => {
    expect(() => visibilityQueryFor({ wave: 'w'.repeat(101) })).toThrow(/at most 100 characters/);
  });

  it('rejects an unknown stage or scenario', () => {
    expect(() => visibilityQueryFor({ stage: 'Waiting' as never })).toThrow(/Unknown stage "Waiting"/);
    expect(() => visibilityQueryFor({ scenario: 'gcp-to-azure' as never })).toThrow(/Unknown scenario/);
  });
});
