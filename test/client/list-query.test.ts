import { visibilityQueryFor } from '../../client';

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
    expect(visibilityQueryFor({ wave: "o'brien\\" })).toBe("WorkflowType = 'migrateMachine' AND MigrationWave = 'o\\'brien\\\\'");
  });

  it('rejects an unknown stage or scenario', () => {
    expect(() => visibilityQueryFor({ stage: 'Waiting' as never })).toThrow(/Unknown stage "Waiting"/);
    expect(() => visibilityQueryFor({ scenario: 'gcp-to-azure' as never })).toThrow(/Unknown scenario/);
  });
});
