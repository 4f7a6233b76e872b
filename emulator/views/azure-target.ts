/** How ASR names the target of replication to Azure where a fabric or container would be. */
export const AZURE_TARGET = 'Microsoft Azure';
