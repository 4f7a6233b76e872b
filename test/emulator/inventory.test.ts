import { readFileSync } from 'node:fs';
import { DEFAULT_INVENTORY_PATH, loadInventory, parseInventory } from '../../emulator';

const seeded = () => JSON.parse(readFileSync(DEFAULT_INVENTORY_PATH, 'utf8'));

describe('emulator inventory', () => {
  it('seeds every source kind the scenarios need', () => {
    const inventory = loadInventory(DEFAULT_INVENTORY_PATH);
    expect(new Set(inventory.fabrics.map((f) => f.type))).toEqual(new Set(['HyperVSite', 'VMM', 'InMageRcm', 'Azure']));
    const discovered = inventory.fabrics.flatMap((f) => f.containers.flatMap((c) => c.machines)).map((m) => m.discoveryType);
    expect(discovered).toEqual(expect.arrayContaining(['VMware', 'Physical']));
  });

  it('says what is wrong and where in an edited inventory', () => {
    const broken = seeded();
    broken.fabrics[0].containers[0].mappings[0].policy = 'missing-policy';
    broken.fabrics[2].containers[0].machines[0].name = 'renamed';
    delete broken.fabrics[5].location;
    expect(() => parseInventory(broken, 'edited.json')).toThrow(
      /edited\.json[\s\S]*fabric 'hyperv-site-hq', container 'cloud_hq-site', mapping 'hq-site-to-azure': policy 'missing-policy' is not in policies[\s\S]*machine 'renamed': name must be the last segment of discoveryMachineId[\s\S]*an Azure fabric needs a location/,
    );
    const typo = seeded();
    typo.fabrics[0].type = 'HyperV';
    expect(() => parseInventory(typo)).toThrow(/fabrics\.0\.type/);
  });
});
